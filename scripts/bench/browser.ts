// The browser figures, in Chromium on the production build: how long the first token takes to
// reach the screen, the main thread's long tasks while a long Markdown answer streams, and the
// JavaScript the chat page loads. The first token and the JavaScript are measured for the
// Next.js floor's chat page too (useChat and a message box, scripts/bench/next-floor).
// Plain Node (type stripping).

import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';

import { fakeRequestLog, percentile } from '../load/load-test.ts';
import { firstLoadJs, type FirstLoadJs } from './first-load-js.ts';
import { benchMessage } from './stream-client.ts';

type Samples = { samples: number[]; p50: number; p95: number };

type FirstTokens = {
  /** DOM paint of the first token minus the fake's emission of it, fresh page, one stream (ms). */
  firstTokenOnScreen: Samples;
  /** The part of it before the token is in the DOM (the rest is the wait for the next frame). */
  firstTokenInDom: Samples;
};

export type BrowserResult = FirstTokens & {
  longAnswer: {
    words: number;
    paceMs: number;
    deltas: number;
    longestTaskMs: number;
    totalBlockingTimeMs: number;
    longTasks: number;
    /** The final paint minus the fake's last write (ms). */
    lastByteToFinalPaintMs: number;
  };
  firstLoadJs: FirstLoadJs;
  /** The same figures for the Next.js floor's chat page. */
  floor: FirstTokens & { firstLoadJs: FirstLoadJs };
};

const FIRST_TOKEN_SAMPLES = 12;
const LONG_ANSWER_PACE_MS = 10;

type PageProbe = { seenAt?: number; paintAt?: number; tasks: { startTime: number; duration: number }[]; sentAt?: number };
declare global {
  interface Window {
    __bench: PageProbe;
  }
}

/**
 * Watches the assistant's answer for `marker`: notes when it has appeared `count` times
 * (the frame's paint follows the next animation frame callback), and every long task.
 * Runs in the page.
 */
function installProbe({ marker, count }: { marker: string; count: number }): void {
  const probe: PageProbe = { tasks: [] };
  window.__bench = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.tasks.push({ startTime: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const occurrences = () => {
    let found = 0;
    for (const article of document.querySelectorAll('article[data-role="assistant"]')) {
      found += (article.textContent ?? '').split(marker).length - 1;
    }
    return found;
  };
  const observer = new MutationObserver(() => {
    if (occurrences() < count) return;
    observer.disconnect();
    probe.seenAt = performance.timeOrigin + performance.now();
    requestAnimationFrame(() => {
      probe.paintAt = performance.timeOrigin + performance.now();
    });
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
}

async function openChat(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  // The composer works once React has hydrated it: wait for the page to be idle.
  await page.waitForLoadState('networkidle');
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.evaluate(() => (window.__bench.sentAt = performance.now()));
  await page.getByRole('button', { name: 'Send' }).click();
}

async function emissionOf(fakeOrigin: string, nonce: string): Promise<{ first: number; lastEvent: number; deltas: number }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const entry = (await fakeRequestLog(fakeOrigin)).find((e) => e.stream && e.nonce === nonce && e.outcome !== 'streaming');
    if (entry?.firstTextDeltaAt !== undefined && entry.lastEventAt !== undefined) {
      return { first: entry.firstTextDeltaAt, lastEvent: entry.lastEventAt, deltas: entry.textDeltaAts?.length ?? 0 };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the fake logged no finished stream for nonce ${nonce}`);
}

const uniqueWord = (label: string) => `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** What a trace records: the main thread's tasks, layout and paint, and JavaScript samples. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing'];

/** The first token's way to the screen on fresh pages of the chat at `origin`; the last one traced to `traceFile`. */
async function measureFirstTokens(browser: Browser, context: BrowserContext, origin: string, fakeOrigin: string, traceFile: string | undefined): Promise<FirstTokens> {
  // A first visit compiles nothing on the server but fills the HTTP cache, as for a returning user.
  const warm = await context.newPage();
  await openChat(warm, origin);
  await warm.close();

  const samples: number[] = [];
  const inDomSamples: number[] = [];
  for (let i = 0; i < FIRST_TOKEN_SAMPLES; i++) {
    const page = await context.newPage();
    await openChat(page, origin);
    const marker = uniqueWord('First');
    const nonce = uniqueWord('bench-first');
    await page.evaluate(installProbe, { marker, count: 1 });
    // The last sample is traced: one first token, from the click to its paint.
    const traced = traceFile && i === FIRST_TOKEN_SAMPLES - 1 ? traceFile : undefined;
    if (traced) await browser.startTracing(page, { path: traced, categories: TRACE_CATEGORIES });
    await send(page, benchMessage({ words: 20, paceMs: 20, nonce, marker }));
    await page.waitForFunction(() => window.__bench.paintAt !== undefined, undefined, { timeout: 30_000 });
    if (traced) {
      await browser.stopTracing();
      console.log(`bench: browser: trace of a first token written to ${traced}`);
    }
    const { seenAt = 0, paintAt = 0 } = await page.evaluate(() => window.__bench);
    const emittedAt = (await emissionOf(fakeOrigin, nonce)).first;
    samples.push(paintAt - emittedAt);
    inDomSamples.push(seenAt - emittedAt);
    await page.locator('article[data-role="assistant"][aria-busy="false"]').waitFor({ timeout: 30_000 });
    await page.close();
  }
  return {
    firstTokenOnScreen: { samples, p50: percentile(samples, 50), p95: percentile(samples, 95) },
    firstTokenInDom: { samples: inDomSamples, p50: percentile(inDomSamples, 50), p95: percentile(inDomSamples, 95) },
  };
}

export async function measureBrowser(options: {
  rill: { origin: string };
  /** The Next.js floor, whose chat page is measured beside Rill's. */
  floor: { origin: string };
  fakeOrigin: string;
  words: number;
  traceFile?: string | undefined;
}): Promise<BrowserResult> {
  const { rill, floor, fakeOrigin } = options;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    console.log(`bench: browser: first token on screen, ${FIRST_TOKEN_SAMPLES} fresh pages`);
    const firstTokens = await measureFirstTokens(browser, context, rill.origin, fakeOrigin, options.traceFile?.replace(/(\.json)?$/, '-first-token.json'));
    console.log(`bench: browser: the Next.js floor's first token on screen, ${FIRST_TOKEN_SAMPLES} fresh pages`);
    const floorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const floorTokens = await measureFirstTokens(browser, floorContext, floor.origin, fakeOrigin, undefined);
    const floorResult = { ...floorTokens, firstLoadJs: await firstLoadJs(await floorContext.newPage(), floor.origin) };
    await floorContext.close();

    console.log(`bench: browser: a ${options.words}-word Markdown answer, a delta every ${LONG_ANSWER_PACE_MS} ms`);
    const page = await context.newPage();
    await openChat(page, rill.origin);
    const marker = uniqueWord('Edge');
    const nonce = uniqueWord('bench-long');
    await page.evaluate(installProbe, { marker, count: 2 });
    if (options.traceFile) await browser.startTracing(page, { path: options.traceFile, categories: TRACE_CATEGORIES });
    await send(page, benchMessage({ scenario: 'markdown', words: options.words, paceMs: LONG_ANSWER_PACE_MS, nonce, marker }));
    const expectedMs = (options.words / 2) * LONG_ANSWER_PACE_MS;
    await page.waitForFunction(() => window.__bench.paintAt !== undefined, undefined, { timeout: expectedMs * 4 + 60_000, polling: 250 });
    if (options.traceFile) {
      await browser.stopTracing();
      console.log(`bench: browser: trace of the long answer written to ${options.traceFile}`);
    }
    const probe = await page.evaluate(() => window.__bench);
    const emission = await emissionOf(fakeOrigin, nonce);
    const tasks = probe.tasks.filter((task) => task.startTime >= (probe.sentAt ?? 0));
    const durations = tasks.map((task) => task.duration);

    return {
      ...firstTokens,
      longAnswer: {
        words: options.words,
        paceMs: LONG_ANSWER_PACE_MS,
        deltas: emission.deltas,
        longestTaskMs: durations.length ? Math.max(...durations) : 0,
        totalBlockingTimeMs: durations.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
        longTasks: durations.length,
        lastByteToFinalPaintMs: (probe.paintAt ?? 0) - emission.lastEvent,
      },
      firstLoadJs: await firstLoadJs(page, rill.origin),
      floor: floorResult,
    };
  } finally {
    await browser.close();
  }
}
