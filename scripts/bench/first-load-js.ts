// First Load JS of the chat page, the way Next.js defines it: every JavaScript file the page's
// HTML (from `next start`) references with a <script src>, gzipped. Inline scripts (the RSC
// payload) and chunks imported later (the highlighter, tool views) are not counted, nor the
// `noModule` polyfills, which only browsers without ES modules download.
// Plain Node (type stripping).

import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';

export type FirstLoadJs = { files: { path: string; bytes: number; gzipBytes: number }[]; totalGzipBytes: number };

export async function firstLoadJs(page: Page, origin: string): Promise<FirstLoadJs> {
  const html = await (await page.request.get(`${origin}/`)).text();
  const scriptTags = [...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js[^"]*)"[^>]*>/g)].filter((match) => !/\snomodule[\s=>]/i.test(match[0]));
  const paths = [...new Set(scriptTags.map((match) => match[1]!.replaceAll('&amp;', '&')))];
  const files = await Promise.all(
    paths.map(async (path) => {
      const body = await (await page.request.get(new URL(path, origin).href)).body();
      return { path, bytes: body.length, gzipBytes: gzipSync(body).length };
    }),
  );
  return { files, totalGzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}
