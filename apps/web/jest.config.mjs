/**
 * Unit tests of the web app's framework-free logic (no Angular, no DOM): the root jest
 * setup, limited to the logic/ folders under apps/web/src/app (npm run test:web).
 */
import base from '../../jest.config.js';

export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/apps/web/src/app/**/logic/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
