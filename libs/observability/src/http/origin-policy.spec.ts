import { describe, expect, it } from '@jest/globals';
import { OriginPolicy } from './origin-policy.js';

describe('OriginPolicy', () => {
  const none = new OriginPolicy([]);

  it('lets requests without an Origin through (non-browser clients, same-origin GETs)', () => {
    expect(none.allows({ host: 'chat.example.org' })).toBe(true);
  });

  it('allows the page its own origin, by scheme-less host and port, and nothing else by default', () => {
    expect(none.allows({ host: 'chat.example.org', origin: 'https://chat.example.org' })).toBe(true);
    expect(none.allows({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })).toBe(true);
    expect(none.allows({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' })).toBe(false);
    expect(none.allows({ host: 'chat.example.org', origin: 'https://evil.example' })).toBe(false);
    expect(none.allows({ host: 'chat.example.org', origin: 'null' })).toBe(false);
    expect(none.allowsCrossOrigin('https://evil.example')).toBe(false);
  });

  it('allows the listed origins exactly, or any with *', () => {
    const listed = new OriginPolicy(['https://app.example.org']);
    expect(listed.allows({ host: 'api.example.org', origin: 'https://app.example.org' })).toBe(true);
    expect(listed.allows({ host: 'api.example.org', origin: 'http://app.example.org' })).toBe(false);
    expect(listed.allows({ host: 'api.example.org', origin: 'https://app.example.org.evil.example' })).toBe(false);
    expect(new OriginPolicy(['*']).allows({ host: 'api.example.org', origin: 'https://anything.example' })).toBe(true);
  });

  it('reads the public host from X-Forwarded-Host only behind a trusted proxy', () => {
    const headers = { host: 'gateway-1:3000', 'x-forwarded-host': 'chat.example.org', origin: 'https://chat.example.org' };
    expect(new OriginPolicy([], true).allows(headers)).toBe(true);
    expect(new OriginPolicy([], false).allows(headers)).toBe(false);
  });
});
