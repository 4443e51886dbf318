/**
 * Black-box API tests: each test file starts its own API process (built from apps/api) and SMTP sink, with
 * a database of its own, on ports of its worker's lane (src/support/ports.ts): files may run side by side
 * (`npm test` runs three at a time) or one after the other (`--runInBand`).
 */
module.exports = {
  displayName: 'e2e-api',
  rootDir: 'src',
  testMatch: ['**/*.e2e.ts'],
  testEnvironment: '<rootDir>/support/e2e-environment.ts',
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 60_000,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }],
    // jose (what a product verifies tokens with, jwks.e2e.ts) ships ES modules only; Jest on Node 20 loads
    // CommonJS, so its files are compiled like ours.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
};
