import { expect } from '@playwright/test';
import type { RequestLogEntry, TokenCountLogEntry } from '../fake-anthropic/server.ts';
import { FAKE_ANTHROPIC_URL } from './config';

export async function fakeRequests(): Promise<RequestLogEntry[]> {
  const response = await fetch(`${FAKE_ANTHROPIC_URL}/_log`);
  const body = (await response.json()) as { requests: RequestLogEntry[] };
  return body.requests;
}

/** The token counts (POST /v1/messages/count_tokens) the fake answered for conversations whose last question has this nonce. */
export async function tokenCountsWithNonce(nonce: string): Promise<TokenCountLogEntry[]> {
  const response = await fetch(`${FAKE_ANTHROPIC_URL}/_log`);
  const body = (await response.json()) as { tokenCounts: TokenCountLogEntry[] };
  return body.tokenCounts.filter((entry) => entry.nonce === nonce);
}

/**
 * The streaming requests the fake Anthropic server received for one test, identified by its
 * nonce. (Rill's conversation titles come from separate, non-streaming calls.)
 */
export async function requestsWithNonce(nonce: string): Promise<RequestLogEntry[]> {
  return (await fakeRequests()).filter((entry) => entry.nonce === nonce && entry.stream);
}

/** Waits until the fake has logged exactly one request with this nonce, and returns it. */
export async function theRequest(nonce: string, ready: (entry: RequestLogEntry) => boolean = () => true): Promise<RequestLogEntry> {
  let found: RequestLogEntry | undefined;
  await expect
    .poll(async () => {
      const entries = await requestsWithNonce(nonce);
      found = entries.length === 1 && entries[0] && ready(entries[0]) ? entries[0] : undefined;
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

export function uniqueNonce(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
