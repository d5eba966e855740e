import fc, { type Arbitrary } from 'fast-check';
import { badPayloadFor, CREATE_SESSION_SCHEMA } from './bad-payloads.js';

export interface BadRestRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
  expectStatus: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
/** Express's JSON body limit. */
const BODY_LIMIT_BYTES = 100 * 1024;

/** Text that is not JSON at all (truncated, binary-ish, or plain words). */
const notJson = fc
  .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), fc.constantFrom('{', '{"username":', '[1,', '{"a":1}}', "{'a':1}", 'undefined', 'NaN', '\u0000'))
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

/** What a header may carry on the wire (fetch refuses the rest). */
const headerText = fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((text) => text.replace(/[^\x20-\x7e]/g, '').trim());
const badAuthorization = fc.oneof(
  headerText,
  headerText.map((text) => `Bearer ${text}`),
  fc.constantFrom('Bearer', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c'),
);

/** Broken requests to every REST route: bad bodies for POST /api/sessions, bad tokens for the others (sessions, ICE config, files). */
export const badRestRequest: Arbitrary<BadRestRequest> = fc.oneof(
  { weight: 6, arbitrary: badPayloadFor(CREATE_SESSION_SCHEMA).map((payload) => ({ method: 'POST' as const, path: '/api/sessions', headers: JSON_HEADERS, body: JSON.stringify(payload), expectStatus: 400 })) },
  {
    // Deeper than socket payloads can be sent: a plain JSON body has no client-side limit.
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'])).map(([depth, [open, close]]) => {
      const body = `{"username":"Ann","deep":${open.repeat(depth)}1${close.repeat(depth)}}`;
      return { method: 'POST' as const, path: '/api/sessions', headers: JSON_HEADERS, body, expectStatus: body.length > BODY_LIMIT_BYTES ? 413 : 400 };
    }),
  },
  { weight: 2, arbitrary: notJson.map((body) => ({ method: 'POST' as const, path: '/api/sessions', headers: JSON_HEADERS, body, expectStatus: 400 })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: BODY_LIMIT_BYTES + 1, max: BODY_LIMIT_BYTES * 3 }).map((size) => ({
      method: 'POST' as const,
      path: '/api/sessions',
      headers: JSON_HEADERS,
      body: JSON.stringify({ username: 'x'.repeat(size) }),
      expectStatus: 413,
    })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom<['GET' | 'POST' | 'DELETE', string]>(
          ['POST', '/api/sessions/refresh'],
          ['GET', '/api/sessions/me'],
          ['DELETE', '/api/sessions/me'],
          ['GET', '/api/config/ice'],
          ['POST', '/api/files'],
          ['GET', '/api/files/00000000-0000-4000-8000-000000000000'],
        ),
        fc.option(badAuthorization, { nil: undefined }),
        fc.option(badPayloadFor(CREATE_SESSION_SCHEMA), { nil: undefined }),
      )
      .map(([[method, path], authorization, payload]) => ({
        method,
        path,
        headers: { ...JSON_HEADERS, ...(authorization === undefined ? {} : { authorization }) },
        // (a JSON body that is not an object or array is refused by the parser first, with 400)
        body: method === 'POST' && payload !== null && typeof payload === 'object' ? JSON.stringify(payload) : undefined,
        expectStatus: 401,
      })),
  },
);
