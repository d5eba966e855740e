import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import proxyaddr from 'proxy-addr';

/**
 * The client's address: the peer's own, or, behind `hops` trusted proxies, the address the nearest
 * of them forwarded (X-Forwarded-For read from the right, as Express's `trust proxy` does).
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  return proxyaddr(req as Parameters<typeof proxyaddr>[0], (_address, i) => i < hops);
}

/** A keyed hash (HMAC-SHA-256, 22 characters): addresses are counted and compared, never stored. */
export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url').slice(0, 22);
}

/**
 * The network an address belongs to, as one operator hands them out: its /24 for IPv4 (IPv4-mapped
 * IPv6 included), its /64 for IPv6 (one household or phone gets a whole /64). Anything else is itself.
 */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const v4 = mapped ?? (isIPv4(address) ? address : null);
  if (v4) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros (`::` expanded, a zone id dropped). */
function expandIPv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.map((group) => (group.includes('.') ? group : String(parseInt(group, 16).toString(16))));
}
