import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../app.setup';
import { testConfig } from '../testing/test-config';
import { PGLITE_TEMPLATE_ENV } from '../testing/test-database';
import { waitFor } from '../testing/wait-for';
import { CaughtMail } from './smtp-catcher';
import { OutboxService } from './outbox.service';

// The SPA and the API docs are not under test here, and both load @fastify/static, which pulls in an
// ES module that Jest cannot require on Node 20.
jest.mock('../web-app.setup', () => ({ serveWebApp: async () => undefined }));
jest.mock('../openapi.setup', () => ({ setupOpenApi: () => undefined }));

// Boots the whole app on embedded PGlite, which takes a few seconds on a busy machine.
jest.setTimeout(60_000);

describe('the mail module inside the app', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-mail-'));
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // From a copy of the migrated template where the global setup made one (on PGlite runs): no initdb.
    const template = process.env[PGLITE_TEMPLATE_ENV];
    if (template) cpSync(template, join(dataDir, 'pglite'), { recursive: true });
    // No DATABASE_URL or SMTP_URL: the embedded database and catcher, whatever this process's environment says.
    app = await createApp(testConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '3999' }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers mail enqueued in a transaction to the embedded catcher, readable at /dev/mail', async () => {
    const outbox = app.get(OutboxService);
    await app.get(DataSource).transaction((manager) =>
      outbox.enqueue(manager, {
        to: 'wired@example.com',
        template: 'confirm-email',
        data: {
          nickname: 'wired-wolf-7',
          confirmUrl: 'http://localhost:3999/confirm-email?token=xyz',
          expiresInHours: 24,
        },
      }),
    );

    const caught = await waitFor(
      async () => {
        const response = await app.inject({ method: 'GET', url: '/dev/mail/messages' });
        return (response.json() as CaughtMail[]).find((mail) =>
          mail.envelope.to.includes('wired@example.com'),
        );
      },
      10_000,
      'the mail in the inbox',
    );
    expect(caught.messageId).toMatch(/^<[0-9a-f-]{36}@localhost>$/);

    const list = await app.inject({ method: 'GET', url: '/dev/mail' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toContain('text/html');
    expect(list.body).toContain(`/dev/mail/${caught.id}`);

    const page = await app.inject({ method: 'GET', url: `/dev/mail/${caught.id}` });
    expect(page.body).toContain('<a href="http://localhost:3999/confirm-email?token=xyz">');
    expect(page.body).toContain('<iframe');
  });

  it('answers unknown inbox messages with problem details, and keeps the inbox out of the API prefix', async () => {
    const missing = await app.inject({
      method: 'GET',
      url: '/dev/mail/0b7c9a52-4bbf-4c8e-9b43-5a7d0c1e2f31',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect((await app.inject({ method: 'GET', url: '/api/v1/dev/mail' })).statusCode).toBe(404);
  });

  it('reports mail as ready', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      checks: { database: { status: 'up' }, migrations: { status: 'up' }, mail: { status: 'up' } },
    });
  });
});
