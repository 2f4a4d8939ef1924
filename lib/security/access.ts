/** The cookie that records a correct APP_PASSWORD. */
export const ACCESS_COOKIE = 'rill_access';

const encoder = new TextEncoder();

async function hmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return btoa(String.fromCharCode(...signature)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The access cookie's value for this password: changing the password signs everyone out. */
export function accessToken(password: string, secret: string): Promise<string> {
  return hmac(secret, `access:${password}`);
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export async function hasAccess(cookie: string | undefined, password: string, secret: string): Promise<boolean> {
  return cookie !== undefined && constantTimeEqual(cookie, await accessToken(password, secret));
}

/** Compares a typed password with the configured one without leaking how much of it matched. */
export async function passwordMatches(attempt: string, password: string, secret: string): Promise<boolean> {
  return constantTimeEqual(await hmac(secret, `password:${attempt}`), await hmac(secret, `password:${password}`));
}
