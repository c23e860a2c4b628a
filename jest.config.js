// Tests run in UTC, as cloud functions do, so no rule may lean on the host's time zone.
process.env.TZ = 'UTC';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type errors are caught by `npm run typecheck`; here we only strip types, fast.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    '^.+\\.js$': ['ts-jest', { diagnostics: false }]
  },
  transformIgnorePatterns: ['/node_modules/(?!tdesign-miniprogram)'],
  setupFiles: ['<rootDir>/test/support/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/afterEnv.ts'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  testTimeout: 30000,
  maxWorkers: 2
};
