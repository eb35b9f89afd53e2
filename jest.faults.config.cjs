/** The fault suite: private PostgreSQL and Redis servers, the built API and worker as processes. */
const base = require('./jest.config.cjs');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 300_000,
  // Each file runs its own servers and processes: one at a time on a small machine.
  maxWorkers: 1,
};
