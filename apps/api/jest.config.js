/** Unit and service tests of the API: fast, no network except a database where a test asks for one. */
module.exports = {
  displayName: 'api',
  testEnvironment: 'node',
  rootDir: 'src',
  testMatch: ['**/*.spec.ts'],
  // One migrated PGlite database that each test database starts from a copy of (testing/global-setup.ts).
  globalSetup: '<rootDir>/testing/global-setup.ts',
  globalTeardown: '<rootDir>/testing/global-teardown.ts',
  // A test database on PGlite compiles its WASM first: over Jest's 5 s default on a busy 2-core CI machine.
  testTimeout: 30_000,
  // tsconfig.spec.json turns on isolatedModules, so ts-jest transpiles each file alone (fast; `typecheck`
  // checks types). Decorator metadata still comes from experimentalDecorators + emitDecoratorMetadata.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.spec.json' }] },
};
