import 'server-only';
import ipaddr from 'ipaddr.js';
import { env } from '../env';
import { SERVED_OVER_HTTPS } from './cookies';

/** The host names this Rill answers to, besides IP addresses and localhost. */
const configuredHosts = new Set(
  [
    env.RILL_PUBLIC_URL ? new URL(env.RILL_PUBLIC_URL).hostname : undefined,
    ...env.RILL_ALLOWED_HOSTS,
    // Vercel names every deployment; these are set on every Vercel function.
    process.env.VERCEL_URL,
    process.env.VERCEL_BRANCH_URL,
    process.env.VERCEL_PROJECT_PRODUCTION_URL,
  ]
    .filter((host): host is string => Boolean(host))
    .map((host) => host.toLowerCase().replace(/:\d+$/, '')),
);

/**
 * Whether a request's Host header names this Rill. DNS rebinding points an attacker's name at
 * a Rill on someone's own machine, and the browser then sends the attacker's name as Host: only
 * configured names are served. An IP address or localhost cannot be rebound, so they are served.
 */
export function isAllowedHost(hostHeader: string | null): boolean {
  if (!hostHeader) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (configuredHosts.has(hostname)) return true;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  return ipaddr.isValid(hostname.replace(/^\[(.*)\]$/, '$1'));
}

export const MISDIRECTED_MESSAGE =
  'This Rill does not answer to that host name. Its operator can add the name with RILL_PUBLIC_URL or RILL_ALLOWED_HOSTS.';

/**
 * Where people reach this Rill, for links that leave it and come back (an OAuth redirect):
 * RILL_PUBLIC_URL when set, else the Host the request was sent to, which `guardRequest` checked
 * (Next's `request.url` names the host Rill listens on, not the one the browser used).
 */
export function publicOrigin(request: Request): string {
  if (env.RILL_PUBLIC_URL) return new URL(env.RILL_PUBLIC_URL).origin;
  const url = new URL(request.url);
  const host = request.headers.get('host');
  return host ? `${SERVED_OVER_HTTPS ? 'https:' : url.protocol}//${host}` : url.origin;
}
