import type { APIRequestContext } from '@playwright/test';
import { uniqueNonce } from './fake-log';

/** A chat request body as the browser sends it: a conversation id and the new user message. */
export function chatBody(text: string, id = uniqueNonce('conversation')) {
  return { id, message: { id: uniqueNonce('message'), role: 'user', parts: [{ type: 'text', text }] } };
}

/**
 * The identity cookie of a Playwright request context, so that plain `fetch` calls (which can
 * read a stream while the context stays free) act as the same anonymous owner.
 */
export async function ownerCookie(request: APIRequestContext, baseURL: string): Promise<string> {
  await request.get(`${baseURL}/api/health`);
  const { cookies } = await request.storageState();
  const owner = cookies.find((cookie) => cookie.name === 'rill_owner');
  if (!owner) throw new Error('the proxy did not set the identity cookie');
  return `${owner.name}=${owner.value}`;
}
