import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';

/** An AppConfig for tests: a throwaway JWT secret (nothing written to disk) plus the given variables. */
export function testConfig(env: NodeJS.ProcessEnv = {}): AppConfig {
  return new AppConfig({ NODE_ENV: 'test', JWT_SECRET: randomBytes(48).toString('base64url'), ...env });
}
