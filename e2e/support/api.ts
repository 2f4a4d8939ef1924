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
  // Only a page load makes an identity.
  await request.get(`${baseURL}/`);
  const { cookies } = await request.storageState();
  const wanted = cookies.filter((cookie) => cookie.name === 'rill_owner' || cookie.name === 'rill_access');
  if (!wanted.some((cookie) => cookie.name === 'rill_owner')) throw new Error('the proxy did not set the identity cookie');
  return wanted.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/** Signs a request context in to a Rill that has APP_PASSWORD set, with an identity there. */
export async function signIn(request: APIRequestContext, baseURL: string, password: string): Promise<void> {
  const response = await request.post(`${baseURL}/api/login`, { data: { password } });
  if (!response.ok()) throw new Error(`sign-in failed: HTTP ${response.status()}`);
  // As a browser would, land on a page: that gives the context its identity on this server.
  await request.get(`${baseURL}/`);
}
