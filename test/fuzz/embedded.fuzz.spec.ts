import { afterAll, beforeAll, expect } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@rendezvous/config';
import type { AddressInfo } from 'node:net';
import { createAllInOneApp } from '../../apps/all-in-one/src/create-all-in-one-app.js';
import { HARNESS_APP_ENV } from '../support/harness-env.js';
import { MARKER } from './support/bad-payloads.js';
import { fuzzScenarios, type FuzzTopology } from './support/fuzz-scenarios.js';

/** The embedded app in this very process, so its prototypes can be inspected after the fuzzing. */
const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype, Number: Number.prototype, Boolean: Boolean.prototype };
const snapshot = () => Object.fromEntries(Object.entries(PROTOTYPES).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));

const before = snapshot();
let app: INestApplication;
let topology: FuzzTopology;

beforeAll(async () => {
  const config = loadConfig('all-in-one', { ...HARNESS_APP_ENV, HOST: '127.0.0.1', PORT: '0', WEB_DIST_PATH: '/nonexistent' });
  app = await createAllInOneApp(config);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  topology = { apiUrl: url, gatewayUrls: [url, url], maxFrameBytes: config.socketMaxPayloadBytes, alive: () => true };
}, 30_000);

afterAll(async () => {
  await app?.close();
});

fuzzScenarios('the embedded app, in process', () => topology, {
  afterFuzz: () => {
    expect(snapshot()).toEqual(before);
    for (const probe of [{}, [], () => undefined, Object.create(null) as object]) {
      expect((probe as Record<string, unknown>)[MARKER]).toBeUndefined();
      expect((probe as Record<string, unknown>).isAdmin).toBeUndefined();
    }
  },
});
