import 'server-only';
import { env } from '../env';
import { currentPeerAddress } from './peer';
import { addressBucket, parseProxyTrust, resolveClientAddress } from './resolve';

export { capturePeerAddresses } from './peer';
export { addressBucket, parseProxyTrust, resolveClientAddress, TrustProxySettingError, type ProxyTrust } from './resolve';

const trust = parseProxyTrust(env.RILL_TRUST_PROXY, process.env.VERCEL === '1');

/**
 * The client's address under RILL_TRUST_PROXY, or undefined when it cannot be known. By
 * default no proxy is trusted: the address is the connection's own, and X-Forwarded-For is ignored.
 */
export function clientAddress(request: Request): string | undefined {
  return resolveClientAddress({ peer: currentPeerAddress(), headers: request.headers }, trust);
}

/** The rate-limit key of the request's client: its address, or its /64 for IPv6. Unknown clients share one bucket. */
export function clientBucket(request: Request): string {
  return addressBucket(clientAddress(request));
}
