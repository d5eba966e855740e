/** Jest runs in native ESM mode (Nest 12 packages are ESM-only); ts-jest transpiles, `npm run typecheck` type-checks. */
const aliases = {
  '^@rendezvous/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@rendezvous/contracts/dto$': '<rootDir>/libs/contracts/src/dto/index.ts',
  '^@rendezvous/(config|redis|observability|session|matchmaking|signaling|files)$': '<rootDir>/libs/$1/src/index.ts',
};
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { ...aliases, '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    '/node_modules/@nestjs/throttler/.+\\.js$': '<rootDir>/test/support/jest/esm-require-bridge.cjs',
  },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/throttler/)'],
  setupFiles: ['<rootDir>/test/support/jest/esm-bridge.setup.mjs'],
  // One real Redis Cluster per run, for the suites that run in cluster mode too (see test/support/test-redis.ts).
  globalSetup: '<rootDir>/test/support/jest/redis-cluster.global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/jest/redis-cluster.global-teardown.mjs',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  // test/faults and test/fuzz have their own commands (npm run test:faults / test:fuzz).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/', '<rootDir>/test/faults/', '<rootDir>/test/fuzz/'],
  testTimeout: 30000,
};
