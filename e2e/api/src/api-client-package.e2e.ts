import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedInUser, useServers } from './support';
import { REPO_ROOT } from './support/paths';

/**
 * `libs/api-client` outside this repository (issue 17, item 3): the built package (dist/, what `npm pack`
 * ships) installed into a project of its own, used from a plain Node script and type-checked from TypeScript.
 */
describe('@latchkey/api-client as a built package', () => {
  const servers = useServers();
  const libDir = join(REPO_ROOT, 'libs/api-client');
  let project: string;

  beforeAll(() => {
    execFileSync(process.execPath, [join(libDir, 'build.mjs')], { stdio: 'pipe' });
    project = mkdtempSync(join(tmpdir(), 'latchkey-client-'));
    mkdirSync(join(project, 'node_modules/@latchkey'), { recursive: true });
    // Installed as npm would: a copy of the package, and its one dependency (linked: no network here).
    cpSync(join(libDir, 'dist'), join(project, 'node_modules/@latchkey/api-client'), { recursive: true });
    symlinkSync(
      join(REPO_ROOT, 'node_modules/openapi-fetch'),
      join(project, 'node_modules/openapi-fetch'),
      'dir',
    );
    writeFileSync(join(project, 'package.json'), '{ "type": "module", "private": true }\n');
  }, 120_000);
  afterAll(() => project && rmSync(project, { recursive: true, force: true }));

  it('signs in, reads /users/me and gets problem details from a plain Node script', async () => {
    const { email, password } = await signedInUser(servers.app, servers.sink);
    writeFileSync(
      join(project, 'consumer.mjs'),
      `import { createApiClient } from '@latchkey/api-client';
const api = createApiClient(process.env.BASE_URL);
const { email, password } = process.env;
const wrong = await api.POST('/api/v1/auth/login', { body: { email, password: password + 'x' } });
const { data: session } = await api.POST('/api/v1/auth/login', { body: { email, password } });
api.use({ onRequest: ({ request }) => void request.headers.set('authorization', 'Bearer ' + session.accessToken) });
const me = await api.GET('/api/v1/users/me');
console.log(JSON.stringify({ problem: wrong.error, status: wrong.response.status, me: me.data }));
`,
    );
    const output = execFileSync(process.execPath, ['consumer.mjs'], {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', BASE_URL: servers.app.baseUrl, email, password },
      encoding: 'utf8',
    });
    const result = JSON.parse(output) as {
      problem: Record<string, unknown>;
      status: number;
      me: Record<string, unknown>;
    };
    expect(result.status).toBe(401);
    expect(result.problem).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect(result.me).toMatchObject({ email, emailConfirmed: true });
  });

  it('carries its types: a TypeScript consumer type-checks, and a wrong body does not', () => {
    const source = (
      body: string,
    ) => `import { createApiClient, type ProblemDetails } from '@latchkey/api-client';
const api = createApiClient('http://127.0.0.1:1');
export async function run(): Promise<string> {
  const { data, error } = await api.POST('/api/v1/auth/login', { body: ${body} });
  if (error) return (error satisfies ProblemDetails).code;
  if ('mfaRequired' in data) return data.mfaToken;
  const me = await api.GET('/api/v1/users/me', { headers: { authorization: 'Bearer ' + data.accessToken } });
  return me.data?.email ?? '';
}
`;
    writeFileSync(join(project, 'good.ts'), source(`{ email: 'a@example.com', password: 'x' }`));
    writeFileSync(join(project, 'bad.ts'), source(`{ email: 'a@example.com', pasword: 'x' }`));
    // One compiler run for both files (the package's types are checked once): each file is a module of its
    // own, so an error in one says nothing about the other.
    const tsc = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/typescript/bin/tsc'),
        ...['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'],
        ...['--target', 'es2022', '--lib', 'es2022,dom', '--skipLibCheck', 'false', 'good.ts', 'bad.ts'],
      ],
      { cwd: project, encoding: 'utf8' },
    );
    const errors = tsc.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.filter((line) => !line.startsWith('bad.ts'))).toEqual([]);
    expect(tsc.status).not.toBe(0);
    expect(errors.join('\n')).toMatch(/bad\.ts.*error TS\d+: .*'pasword'/);
  }, 120_000);
});
