import { afterAll, beforeAll } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@rendezvous/config';
import { FileStore, InMemoryFileStore } from '@rendezvous/files';
import { createAllInOneApp } from '../../apps/all-in-one/src/create-all-in-one-app.js';
import { fileCleanupScenarios } from '../socket/files.scenarios.js';
import { TEST_SETTINGS, testTopology, type Topology } from '../socket/topology.js';

/**
 * The embedded app as `npm start` wires it (createAllInOneApp), in this process so the test can look
 * into its in-memory file store.
 */
let app: NestExpressApplication;
let store: InMemoryFileStore;
let topology: Topology;

beforeAll(async () => {
  app = await createAllInOneApp(loadConfig('all-in-one', { ...TEST_SETTINGS, WEB_DIST_PATH: '/nonexistent' }));
  await app.listen(0, '127.0.0.1');
  store = app.get(FileStore);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  topology = testTopology(url, [url, url]);
}, 30_000);

afterAll(async () => {
  await app.close();
});

fileCleanupScenarios('embedded (in-memory store)', () => topology, async (pairId) => store.fileIds(pairId));
