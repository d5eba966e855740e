import type { RateLimitName } from './rate-limit.decorator.js';

const WHAT: Partial<Record<RateLimitName, string>> = {
  sessionCreate: 'Too many new sessions from your network',
  match: 'You are changing partners too fast',
  handshake: 'You are reconnecting too often',
  handshakeAddress: 'Too many connections from your network',
  chat: 'You are sending messages too fast',
  typing: 'Too many typing updates',
  signaling: 'Too many call signals',
  ice: 'Too many connection candidates',
  fileUpload: 'Too many file uploads',
};

/** What a refused caller is told, with when to try again. */
export function rateLimitMessage(name: string, retryAfterSeconds: number): string {
  const what = WHAT[name as RateLimitName] ?? 'Too many requests';
  return `${what}; try again in ${Math.max(1, Math.ceil(retryAfterSeconds))} s`;
}
