import 'server-only';
import { env } from '../env';

/**
 * Whether people reach this Rill over https, from its configuration: RILL_PUBLIC_URL, or Vercel,
 * which serves only https. Never from a request header, which a client can write.
 */
export const SERVED_OVER_HTTPS: boolean = env.RILL_PUBLIC_URL ? new URL(env.RILL_PUBLIC_URL).protocol === 'https:' : process.env.VERCEL === '1';

// Over https the cookies take the __Host- prefix: browsers then accept them only when Secure,
// for the whole site and from this host itself, so no sibling subdomain can plant or shadow one.
const prefix = SERVED_OVER_HTTPS ? '__Host-' : '';

/** The anonymous identity: a signed owner id. */
export const OWNER_COOKIE = `${prefix}rill_owner`;
/** One sign-in with APP_PASSWORD: a signed access session id. */
export const ACCESS_COOKIE = `${prefix}rill_access`;

export type CookieOptions = { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/'; maxAge: number };

/** How every Rill cookie is set: HttpOnly, SameSite=Lax, whole site, Secure over https. */
export function cookieOptions(maxAgeSeconds: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: SERVED_OVER_HTTPS, path: '/', maxAge: maxAgeSeconds };
}

/** A Set-Cookie header value with the same attributes, for a plain Response. */
export function setCookieHeader(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${SERVED_OVER_HTTPS ? '; Secure' : ''}`;
}

/** Sent with every page over https, so browsers never again try this host over plain http. */
export const HSTS_HEADER = SERVED_OVER_HTTPS ? 'max-age=63072000' : undefined;
