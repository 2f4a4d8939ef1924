// `npx node scripts/measure/attachment-memory.ts`: the memory Rill's server takes while five chats,
// each carrying 20 MB of PDFs, stream at once. Starts the fake Anthropic server and `next start`
// on the production build (built first when stale) with generous limits, uploads the files, then
// samples the server's RSS from /proc while the five answers stream, and prints idle and peak RSS.
// Not a test: it reports, it does not judge. Plain Node 24 (type stripping), Linux.

import { fileURLToPath } from 'node:url';

import type { RequestLogEntry } from '../../e2e/fake-anthropic/server.ts';
import { ensureFreshBuild } from '../bench/build.ts';
import { serviceGroup, startFake, startRill } from '../bench/servers.ts';
import { freePort, rssKiB } from '../support/processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MiB = 1024 * 1024;

const CHATS = 5;
const FILES_PER_CHAT = 4;
/** 4 × 5 MiB: the 20 MiB a message may carry at most. */
const FILE_BYTES = 5 * MiB;
const SAMPLE_EVERY_MS = 10;
/**
 * 1,000 words paced at 40 ms: answers of tens of seconds. The five answers' first words come
 * seconds apart (each request first carries 27 MB to the fake), and must still overlap for long.
 */
const prompt = (nonce: string) => `[[scenario:paced]] [[words:1000]] [[pace:40]] [[nonce:${nonce}]] What do these PDFs say?`;

/** A file that Rill takes for a PDF (header, one object, trailer), padded with PDF whitespace to `size` bytes. */
function paddedPdf(size: number, label: string): Uint8Array<ArrayBuffer> {
  const head = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Title (${label}) >>\nendobj\n`;
  const tail = '\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
  return new TextEncoder().encode(head + ' '.repeat(size - head.length - tail.length) + tail);
}

/** A new identity, from a page load (how a browser gets one). */
async function identityCookie(origin: string): Promise<string> {
  const response = await fetch(`${origin}/`);
  await response.body?.cancel();
  const owner = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((cookie) => cookie.startsWith('rill_owner='));
  if (!owner) throw new Error(`GET / set no identity cookie (HTTP ${response.status})`);
  return owner;
}

async function upload(origin: string, cookie: string, conversationId: string, name: string, bytes: Uint8Array<ArrayBuffer>): Promise<{ url: string }> {
  const query = new URLSearchParams({ conversation: conversationId, name });
  const response = await fetch(`${origin}/api/attachments?${query}`, { method: 'POST', headers: { cookie }, body: bytes });
  if (response.status !== 201) throw new Error(`upload of ${name}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { url: string };
}

type Chat = { cookie: string; conversationId: string; files: { url: string }[]; nonce: string };
type Streamed = { firstByteAt: number; endedAt: number };

/** Sends the chat's message with its files and reads the answer's stream to its end. */
async function streamChat(origin: string, chat: Chat): Promise<Streamed> {
  const parts = [...chat.files.map((file) => ({ type: 'file', mediaType: 'application/pdf', url: file.url })), { type: 'text', text: prompt(chat.nonce) }];
  const response = await fetch(`${origin}/api/chat`, {
    method: 'POST',
    headers: { cookie: chat.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ id: chat.conversationId, message: { id: `${chat.conversationId}-user`, role: 'user', parts } }),
  });
  if (response.status !== 200 || !response.body) throw new Error(`chat ${chat.conversationId}: HTTP ${response.status} ${await response.text()}`);
  let firstByteAt = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) firstByteAt ||= performance.now();
  return { firstByteAt, endedAt: performance.now() };
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

const services = serviceGroup();
const stopAll = services.stopAll;

async function main(): Promise<void> {
  ensureFreshBuild(ROOT);
  const fake = await startFake(ROOT, await freePort());
  services.add(fake);
  const rill = await startRill(ROOT, await freePort(), fake.origin);
  services.add(rill);
  console.log(`measure: fake Anthropic at ${fake.origin}, Rill (next start, pid ${rill.pid}) at ${rill.origin}`);

  const startedKiB = rssKiB(rill.pid);
  // Warm-up: load the chat and upload routes' code, with one small file, before anything is measured.
  const warmup: Chat = { cookie: await identityCookie(rill.origin), conversationId: `warmup-${Date.now()}`, files: [], nonce: 'warmup' };
  warmup.files.push(await upload(rill.origin, warmup.cookie, warmup.conversationId, 'warmup.pdf', paddedPdf(64 * 1024, 'warmup')));
  await streamChat(rill.origin, warmup);
  const warmKiB = rssKiB(rill.pid);

  const chats: Chat[] = [];
  for (let i = 0; i < CHATS; i++) {
    // One identity per chat, as five people would be.
    const chat: Chat = { cookie: await identityCookie(rill.origin), conversationId: `memory-${Date.now()}-${i}`, files: [], nonce: `memory-${Date.now()}-${i}` };
    for (let j = 0; j < FILES_PER_CHAT; j++) {
      chat.files.push(await upload(rill.origin, chat.cookie, chat.conversationId, `chat-${i}-file-${j}.pdf`, paddedPdf(FILE_BYTES, `${i}-${j}`)));
    }
    chats.push(chat);
  }
  const idleKiB = rssKiB(rill.pid);

  let peakKiB = idleKiB;
  const sampler = setInterval(() => {
    peakKiB = Math.max(peakKiB, rssKiB(rill.pid));
  }, SAMPLE_EVERY_MS);
  let streamed: Streamed[];
  try {
    streamed = await Promise.all(chats.map((chat) => streamChat(rill.origin, chat)));
  } finally {
    clearInterval(sampler);
  }
  const afterKiB = rssKiB(rill.pid);

  // What reached the fake: every chat's four documents, whole.
  const log = (await (await fetch(`${fake.origin}/_log`)).json()) as { requests: RequestLogEntry[] };
  for (const chat of chats) {
    const request = log.requests.find((entry) => entry.nonce === chat.nonce && entry.stream);
    const documents = request?.userBlocks.filter((block) => block.type === 'document' && block.bytes === FILE_BYTES).length ?? 0;
    if (documents !== FILES_PER_CHAT) throw new Error(`${chat.conversationId}: the fake received ${documents} documents of ${FILE_BYTES} bytes, not ${FILES_PER_CHAT}`);
  }
  const overlapMs = Math.min(...streamed.map((s) => s.endedAt)) - Math.max(...streamed.map((s) => s.firstByteAt));

  console.log(`${CHATS} chats × ${FILES_PER_CHAT} PDFs of ${FILE_BYTES / MiB} MiB, streaming at once (all ${CHATS} streaming together for ${(overlapMs / 1000).toFixed(1)} s):`);
  const line = (label: string, kib: number, extra = '') => console.log(`  ${`${label}:`.padEnd(36)} ${mib(kib)}${extra}`);
  line('RSS once started', startedKiB);
  line('RSS after a small warm-up chat', warmKiB);
  line(`idle RSS, after the ${CHATS * FILES_PER_CHAT} uploads`, idleKiB);
  line('peak RSS while streaming', peakKiB, ` (+${mib(peakKiB - idleKiB)})`);
  line('RSS once the answers ended', afterKiB);
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(stopAll);
