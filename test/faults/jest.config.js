/** `npm run test:faults`: real processes, crashes and outages; kept out of `npm test`. */
import base from '../../jest.config.js';

export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/faults/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // No shared Redis Cluster: a test that needs one starts its own (it may kill its nodes).
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 120_000,
};
