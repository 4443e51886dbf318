import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';

// One per test process: generating a key pair per config would slow the suites down for nothing.
const SIGNING_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

/** An AppConfig for tests: a throwaway JWT secret and signing key (nothing written to disk) plus the given variables. */
export function testConfig(env: NodeJS.ProcessEnv = {}): AppConfig {
  return new AppConfig({
    NODE_ENV: 'test',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    JWT_SIGNING_KEY: SIGNING_KEY,
    ...env,
  });
}
