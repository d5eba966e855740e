import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Guest } from '../support/guest.mjs';

export const name = 'the page and the API carry the security headers; no other site can frame the app; a chat and a video call run under the CSP without a single violation';
/** Also behind nginx (its template sends the same headers). */
export const distributed = true;
/** In every browser pairing: each enforces the CSP itself (the stylesheet's hashed onload handler included). */
export const crossBrowser = true;

/** Every Content-Security-Policy violation of the page, from the first script on. */
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(`${event.effectiveDirective}: ${event.blockedURI}`));
}

function assertSecurityHeaders(response, what) {
  const csp = response.headers.get('content-security-policy') ?? '';
  for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) assert.ok(csp.includes(directive), `${what}: CSP has ${directive} (${csp})`);
  assert.match(csp, /connect-src 'self' ws:\/\/\S+ wss:\/\/\S+/, `${what}: connect-src is the own origin and its websocket`);
  assert.ok(!/script-src[^;]*'unsafe-inline'/.test(csp), `${what}: no inline script allowed`);
  assert.equal(response.headers.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
  assert.match(response.headers.get('permissions-policy') ?? '', /camera=\(self\), microphone=\(self\)/, `${what}: Permissions-Policy`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(response.headers.get('x-powered-by'), null, `${what}: no X-Powered-By`);
}

export async function run(t) {
  const base = t.baseUrl(0);
  assertSecurityHeaders(await fetch(base), 'the page');
  assertSecurityHeaders(await fetch(`${base}/api/sessions/me`), 'an API answer');

  // A foreign page frames the app (almost transparent, as in clickjacking): the browser must refuse to show it.
  const framer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${base}/" style="opacity:0.01" width="800" height="600"></iframe>`));
  await new Promise((resolve) => framer.listen(0, '127.0.0.1', resolve));
  const context = await t.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${framer.address().port}/`);
    await page.waitForTimeout(1_000);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, 'the iframe exists');
    assert.equal(await frame.locator('button', { hasText: 'Start' }).count(), 0, 'the framed app shows no Start button');
    assert.equal(await frame.locator('h1', { hasText: 'Rendezvous' }).count(), 0, 'the framed app shows nothing of itself');
  } finally {
    await context.close();
    framer.close();
  }

  const [alice, bob] = await Guest.matchedPair(t, ['alice', 'bob'], { initScript: recordCspViolations });
  await alice.sendWithEnter('under the policy');
  await bob.waitPartnerMessage('under the policy');
  await alice.videoCallWith(bob);
  for (const guest of [alice, bob]) {
    assert.deepEqual(await guest.evaluate(() => window.__cspViolations), [], `${guest.name}: no CSP violation`);
    // The full stylesheet's one allowed inline handler ran: it no longer waits as media="print".
    assert.deepEqual(await guest.evaluate(() => [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.media || 'all')), ['all'], `${guest.name}: the stylesheet applies`);
  }
}
