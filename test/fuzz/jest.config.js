/** `npm run test:fuzz`: generated payloads against every client event and REST body; kept out of `npm test`. */
import base from '../../jest.config.js';

export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/fuzz/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // No shared Redis Cluster: a test that needs one starts its own (it may kill its nodes).
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 600_000,
};
