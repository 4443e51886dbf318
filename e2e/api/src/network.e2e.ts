import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiInstance, ProblemBody, startApi } from './support';
import { API_MAIN } from './support/paths';

/**
 * Who can reach the server (issue 11, items 11 and 12). A client from the network is played by this
 * machine itself through its own non-loopback address: a connection to it carries that address as its peer.
 */
const networkAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
const withNetworkAddress = networkAddress ? describe : describe.skip;
if (!networkAddress) console.warn('network.e2e: this machine has no non-loopback IPv4 address; skipped');

const inboxUrl = (host: string, app: ApiInstance) => `http://${host}:${app.port}/dev/mail/messages`;

withNetworkAddress('listening address (HOST)', () => {
  let app: ApiInstance;
  beforeAll(async () => {
    app = await startApi({ env: { HOST: '' } }); // as `npm start` without HOST
  });
  afterAll(() => app?.stop());

  it('outside production listens on the loopback interface only, by default', async () => {
    expect((await fetch(`${app.baseUrl}/api/v1/health/live`)).status).toBe(200);
    await expect(fetch(`http://${networkAddress}:${app.port}/api/v1/health/live`)).rejects.toThrow();
  });
});

withNetworkAddress('development inbox (/dev/mail) on a server that listens on every interface', () => {
  let app: ApiInstance;
  beforeAll(async () => {
    // No SMTP_URL: the embedded catcher and its inbox run. The network's range is a trusted proxy, so a
    // forwarded "127.0.0.1" would be believed as the client's address if the inbox asked for it.
    app = await startApi({
      env: { HOST: '0.0.0.0', SMTP_URL: '', TRUST_PROXY: `${networkAddress}/24` },
    });
  });
  afterAll(() => app?.stop());

  it('is served to a client on this machine', async () => {
    const response = await fetch(inboxUrl('127.0.0.1', app));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expect.any(Array));
  });

  it.each([
    ['from the network', {}],
    ['from the network, claiming to be local in X-Forwarded-For', { 'x-forwarded-for': '127.0.0.1' }],
  ])('answers a client %s 404 NOT_FOUND, as a server without an inbox does', async (_label, headers) => {
    for (const path of ['', '/messages', '/no-such-message']) {
      const response = await fetch(`http://${networkAddress}:${app.port}/dev/mail${path}`, { headers });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await response.json()) as ProblemBody;
      expect(body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(body.detail).toBe('There is no development inbox on this server.');
    }
  });

  it('is still reachable from the network for the API itself', async () => {
    const response = await fetch(`http://${networkAddress}:${app.port}/api/v1/health/live`);
    expect(response.status).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  it.each(['true', 'yes'])('refuses %s at start, naming the accepted forms', (value) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-'));
    try {
      const run = spawnSync(process.execPath, [API_MAIN], {
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATA_DIR: dataDir, TRUST_PROXY: value },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Configuration error: TRUST_PROXY=${value} would believe every`);
      expect(run.stderr).toMatch(/a hop count \(.*\) or the proxies’ addresses or CIDR ranges/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
