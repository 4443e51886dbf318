import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_DIR } from './support/paths';

const GENERATOR = join(API_DIR, 'dist/openapi.js');

/** Runs the built generator (what `npm run openapi` runs) in `cwd` with exactly `env`. */
function generate(
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GENERATOR], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `npm run openapi` (issue 11, item 15): the document comes from the generator's own throwaway settings, so
 * the caller's environment can neither break it nor get its database or data directory touched.
 */
describe('the OpenAPI generator (apps/api/dist/openapi.js)', () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'latchkey-openapi-e2e-'));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('prints the document without opening the DATA_DIR or DATABASE_URL of its environment', async () => {
    const dataDir = join(workDir, 'must-stay-absent');
    const run = await generate(workDir, {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      // Nothing listens on port 1: a generator that used this database would fail to start.
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/must_not_be_used',
      SMTP_URL: 'smtp://127.0.0.1:1',
      JWT_SECRET: 'k3J9-vQ2xL8pZr4TmW7yB1nC6dF0gH5s_aE-k3J9vQ2xL8pZr4TmW7yB1nC',
    });

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const document = JSON.parse(run.stdout) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toContain('/api/v1/health/ready');
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(workDir)).toEqual([]); // and no ./.data in its working directory either
  });
});
