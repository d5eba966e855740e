import { describe, expect, it } from '@jest/globals';
import { OriginPolicy } from './origin-policy.js';

const request = (headers: Record<string, string>, encrypted = false) => ({ headers, socket: { encrypted } });

describe('OriginPolicy', () => {
  const none = new OriginPolicy([]);

  it('lets requests without an Origin through (non-browser clients, same-origin GETs)', () => {
    expect(none.allows(request({ host: 'chat.example.org' }))).toBe(true);
  });

  it("allows a page on localhost or an IP address its own origin — scheme, host and port — and nothing else by default", () => {
    expect(none.allows(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBe(true);
    expect(none.allows(request({ host: 'localhost:8080', origin: 'http://localhost:8080' }))).toBe(true);
    expect(none.allows(request({ host: '[::1]:8080', origin: 'http://[::1]:8080' }))).toBe(true);
    expect(none.allows(request({ host: '203.0.113.7', origin: 'https://203.0.113.7' }, true))).toBe(true);
    expect(none.allows(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' }))).toBe(false);
    expect(none.allows(request({ host: '127.0.0.1:3000', origin: 'https://127.0.0.1:3000' }))).toBe(false);
    expect(none.allows(request({ host: '203.0.113.7', origin: 'http://203.0.113.7' }, true))).toBe(false);
    expect(none.allows(request({ host: '127.0.0.1:3000', origin: 'null' }))).toBe(false);
    expect(none.allowsCrossOrigin('https://evil.example')).toBe(false);
  });

  it('never takes a DNS name from the Host header for the own origin (DNS rebinding): it must be in PUBLIC_ORIGINS', () => {
    expect(none.allows(request({ host: 'evil.example:3000', origin: 'http://evil.example:3000' }))).toBe(false);
    expect(none.allows(request({ host: 'chat.example.org', origin: 'https://chat.example.org' }, true))).toBe(false);
    const configured = new OriginPolicy([], ['https://chat.example.org']);
    expect(configured.allows(request({ host: 'chat.example.org', origin: 'https://chat.example.org' }, true))).toBe(true);
    expect(configured.allows(request({ host: 'session-7f9c:3001', origin: 'https://chat.example.org' }))).toBe(true);
    expect(configured.allows(request({ host: 'chat.example.org', origin: 'http://chat.example.org' }))).toBe(false);
    expect(configured.allows(request({ host: 'evil.example', origin: 'http://evil.example' }))).toBe(false);
    expect(configured.allows(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBe(false);
  });

  it('allows the listed origins exactly, or any with *', () => {
    const listed = new OriginPolicy(['https://app.example.org']);
    expect(listed.allows(request({ host: 'api.example.org', origin: 'https://app.example.org' }))).toBe(true);
    expect(listed.allows(request({ host: 'api.example.org', origin: 'http://app.example.org' }))).toBe(false);
    expect(listed.allows(request({ host: 'api.example.org', origin: 'https://app.example.org.evil.example' }))).toBe(false);
    expect(new OriginPolicy(['*']).allows(request({ host: 'api.example.org', origin: 'https://anything.example' }))).toBe(true);
  });

  it('reads the public scheme and host from X-Forwarded-Proto and -Host only behind a trusted proxy', () => {
    const headers = { host: '10.0.0.5:3000', 'x-forwarded-host': '127.0.0.1:8080', 'x-forwarded-proto': 'https', origin: 'https://127.0.0.1:8080' };
    expect(new OriginPolicy([], [], true).allows(request(headers))).toBe(true);
    expect(new OriginPolicy([], [], false).allows(request(headers))).toBe(false);
  });
});
