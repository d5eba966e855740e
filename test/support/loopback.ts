import { Agent, fetch as undiciFetch } from 'undici';

let next = 0;

/**
 * A loopback address in a /24 of its own, different on every call (127.1.0.1, 127.1.1.1, ...). Linux
 * routes all of 127.0.0.0/8 to the loopback interface, so a client bound to it is, to a server or nginx
 * on 127.0.0.1, a real client of another network: limits and bans keyed by address see it as such.
 */
export function loopbackNetwork(): string {
  const n = next++;
  return `127.${1 + (Math.floor(n / 256) % 254)}.${n % 256}.1`;
}

/** Another address in the same /24 as `address` (host part `host`). */
export function sameNetwork(address: string, host: number): string {
  return `${address.split('.').slice(0, 3).join('.')}.${host}`;
}

const agents = new Map<string, Agent>();

/** fetch() whose connections leave from `localAddress` (none: the default, 127.0.0.1). */
export function fetchFrom(localAddress: string | undefined): typeof fetch {
  if (!localAddress) return fetch;
  let agent = agents.get(localAddress);
  if (!agent) {
    // Short keep-alive: a test's connections are gone soon after it, nothing lingers between tests.
    agent = new Agent({ localAddress, keepAliveTimeout: 500, keepAliveMaxTimeout: 500 });
    agents.set(localAddress, agent);
  }
  const dispatcher = agent;
  return ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

/** Closes every connection fetchFrom opened. */
export async function closeLoopbackAgents(): Promise<void> {
  await Promise.all([...agents.values()].map((agent) => agent.close()));
  agents.clear();
}
