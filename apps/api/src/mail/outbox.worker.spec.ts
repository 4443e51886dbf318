import { MailerService } from '@nestjs-modules/mailer';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SMTPServer } from 'smtp-server';
import { AddressInfo } from 'node:net';
import { Like } from 'typeorm';
import { MailSendFailedEvent } from '../common/events/mail-send-failed.event';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { testConfig } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';
import { MailOutbox } from './mail-outbox.entity';
import { mailerOptions } from './mail.module';
import { MailRenderer } from './mail-renderer';
import { MailSender } from './mail-sender';
import { OutgoingMail } from './mail.types';
import { OutboxSettings } from './outbox.settings';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { SmtpCatcher } from './smtp-catcher';

/** What the workers report of failed sends (metrics count them); each test starts with none heard. */
const events = new EventEmitter2();
const sendFailures: string[] = [];
events.on(MailSendFailedEvent.NAME, ({ outcome }: MailSendFailedEvent) => sendFailures.push(outcome));
beforeEach(() => (sendFailures.length = 0));

const FAST: OutboxSettings = {
  pollIntervalMs: 25,
  retryBaseMs: 100,
  maxRetryDelayMs: 1000,
  maxAttempts: 5,
  batchSize: 10,
  leaseMs: 60_000,
};

/** An SMTP server that answers every recipient with `code`, as a full mailbox (4xx) or unknown user (5xx) would. */
async function refusingServer(code: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo: (_address, _session, callback) =>
      callback(Object.assign(new Error(`refused with ${code}`), { responseCode: code })),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function confirmMail(to: string, extra: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to,
    template: 'confirm-email',
    data: {
      nickname: 'brave-otter-42',
      confirmUrl: 'https://id.example.com/confirm-email?token=t0k3n',
      expiresInHours: 24,
    },
    ...extra,
  };
}

// Starting a database and sending real SMTP takes a few seconds on a busy machine.
jest.setTimeout(30_000);

describe('OutboxWorker and OutboxService', () => {
  let db: TestDatabase;
  const sink = new SmtpCatcher();
  const workers: OutboxWorker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase([MailOutbox]);
    await sink.start();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });

  afterAll(async () => {
    await sink.stop();
    await db?.close();
  });

  /** A worker and outbox as the app wires them, sending to `smtpUrl` (the sink unless told otherwise). */
  async function setUp(settings: Partial<OutboxSettings> = {}, smtpUrl = sink.url) {
    const config = testConfig({ PUBLIC_URL: 'https://id.example.com', SMTP_URL: smtpUrl });
    // No transport factory given: the service builds its own, exactly as in the app.
    const mailer = new MailerService(await mailerOptions(config, sink), undefined as never);
    const sender = new MailSender(mailer, new MailRenderer(config), config);
    const worker = new OutboxWorker(db.dataSource, sender, { ...FAST, ...settings }, events);
    workers.push(worker);
    return { worker, sender, outbox: new OutboxService(db.dataSource, worker, config) };
  }

  function enqueue(outbox: OutboxService, mail: OutgoingMail): Promise<void> {
    return db.dataSource.transaction((manager) => outbox.enqueue(manager, mail));
  }

  function rowFor(to: string): Promise<MailOutbox> {
    return db.dataSource.getRepository(MailOutbox).findOneByOrFail({ to });
  }

  function deliveries(messageId: string) {
    return sink.messages().filter((mail) => mail.messageId === messageId);
  }

  it('nudges the worker when the enqueuing transaction commits, not before and not on rollback', async () => {
    const { worker, outbox } = await setUp();
    const nudge = jest.spyOn(worker, 'nudge');
    await db.dataSource.transaction(async (manager) => {
      await outbox.enqueue(manager, confirmMail('nudge@example.com'));
      await manager.transaction((nested) => nested.query('SELECT 1')); // a released savepoint is no commit
      expect(nudge).not.toHaveBeenCalled();
    });
    expect(nudge).toHaveBeenCalledTimes(1);

    await db.dataSource
      .transaction(async (manager) => {
        await outbox.enqueue(manager, confirmMail('nudge-rolled-back@example.com'));
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(nudge).toHaveBeenCalledTimes(1);
  });

  it('delivers committed mail once, with a Message-ID derived from the row, without waiting for a poll', async () => {
    // Polls are a minute apart, so delivery within seconds comes from the start or the commit's nudge.
    const { worker, outbox, sender } = await setUp({ pollIntervalMs: 60_000 });
    worker.start();
    await enqueue(outbox, confirmMail('first@example.com'));

    const row = await waitFor(
      async () => {
        const current = await rowFor('first@example.com');
        return current.status === 'sent' && current;
      },
      5000,
      'the mail to be sent',
    );
    expect(row.messageId).toBe(sender.messageIdFor(row.id));
    expect(row.messageId).toBe(`<${row.id}@id.example.com>`);
    expect(row.attempts).toBe(1);
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.data).toEqual({}); // the one-time link does not outlive delivery in the database

    const [delivered] = deliveries(row.messageId!);
    expect(deliveries(row.messageId!)).toHaveLength(1);
    expect(delivered.envelope.to).toEqual(['first@example.com']);
    expect(delivered.subject).toBe('Confirm your email address for Latchkey');
    expect(delivered.text).toContain('https://id.example.com/confirm-email?token=t0k3n');
    expect(delivered.html).toContain('brave-otter-42');
  });

  it('writes nothing when the transaction that enqueued rolls back', async () => {
    const { outbox } = await setUp();
    await expect(
      db.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, confirmMail('rolled-back@example.com'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.dataSource.getRepository(MailOutbox).countBy({ to: 'rolled-back@example.com' })).toBe(0);
  });

  it('keeps mail pending with backoff while the SMTP server is down, and delivers it once it is back', async () => {
    const { port } = new URL(sink.url);
    const { worker, outbox } = await setUp();
    await sink.stop();
    try {
      await enqueue(outbox, confirmMail('outage@example.com'));
      expect(await worker.processBatch()).toBe(1);

      const waiting = await rowFor('outage@example.com');
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
      expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(waiting.createdAt.getTime());
      expect(await worker.processBatch()).toBe(0); // not due again before its backoff has passed
    } finally {
      await sink.start(Number(port));
    }

    worker.start();
    const sent = await waitFor(
      async () => {
        const row = await rowFor('outage@example.com');
        return row.status === 'sent' && row;
      },
      5000,
      'delivery after the outage',
    );
    expect(sent.attempts).toBe(2);
    expect(deliveries(sent.messageId!)).toHaveLength(1);
  });

  it('gives up as failed after the maximum number of transient failures', async () => {
    const refusing = await refusingServer(451);
    try {
      const { worker, outbox } = await setUp({ maxAttempts: 3, retryBaseMs: 10 }, refusing.url);
      await enqueue(outbox, confirmMail('mailbox-busy@example.com'));
      worker.start();
      const failed = await waitFor(
        async () => {
          const row = await rowFor('mailbox-busy@example.com');
          return row.status === 'failed' && row;
        },
        5000,
        'the mail to be given up',
      );
      expect(failed.attempts).toBe(3);
      expect(failed.lastError).toContain('451');
      expect(sendFailures).toEqual(['retry', 'retry', 'gave_up']);
    } finally {
      await refusing.close();
    }
  });

  it('marks mail failed at once when the server refuses it permanently (5xx)', async () => {
    const refusing = await refusingServer(550);
    try {
      const { worker, outbox } = await setUp({}, refusing.url);
      await enqueue(outbox, confirmMail('no-such-user@example.com'));
      await worker.processBatch();
      const row = await rowFor('no-such-user@example.com');
      expect(row).toMatchObject({ status: 'failed', attempts: 1, data: {} });
      expect(row.lastError).toContain('550');
      expect(sendFailures).toEqual(['gave_up']);
    } finally {
      await refusing.close();
    }
  });

  it('marks mail to an address nodemailer cannot use failed without retrying', async () => {
    const { worker, outbox } = await setUp();
    await enqueue(outbox, confirmMail('not an address'));
    await worker.processBatch();
    expect(await rowFor('not an address')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('expires mail whose links died before it could be sent, and never sends it', async () => {
    const { worker, outbox, sender } = await setUp();
    await enqueue(outbox, confirmMail('too-late@example.com', { expiresAt: new Date(Date.now() - 1000) }));
    expect(await worker.processBatch()).toBe(1);
    const row = await rowFor('too-late@example.com');
    expect(row).toMatchObject({ status: 'expired', attempts: 0, data: {} });
    expect(deliveries(sender.messageIdFor(row.id))).toHaveLength(0);
  });

  it('reclaims mail whose sender died mid-send once its lease lapsed, and leaves live claims alone', async () => {
    const { worker, outbox } = await setUp();
    await enqueue(outbox, confirmMail('crashed-sender@example.com'));
    await enqueue(outbox, confirmMail('busy-sender@example.com'));
    const claim = `UPDATE mail_outbox SET status = 'sending', attempts = 1, locked_until = now() + $2::interval WHERE "to" = $1`;
    await db.dataSource.query(claim, ['crashed-sender@example.com', '-1 second']);
    await db.dataSource.query(claim, ['busy-sender@example.com', '1 hour']);

    expect(await worker.processBatch()).toBe(1);
    expect(await rowFor('crashed-sender@example.com')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await rowFor('busy-sender@example.com')).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('sends every row exactly once when two workers share the database', async () => {
    const first = await setUp({ batchSize: 5 });
    const second = await setUp({ batchSize: 5 });
    const recipients = Array.from({ length: 60 }, (_, index) => `crowd-${index}@example.com`);
    await db.dataSource.transaction(async (manager) => {
      for (const to of recipients) await first.outbox.enqueue(manager, confirmMail(to));
    });
    first.worker.start();
    second.worker.start();

    const repository = db.dataSource.getRepository(MailOutbox);
    const crowd = { to: Like('crowd-%') };
    await waitFor(
      async () => (await repository.countBy({ ...crowd, status: 'sent' })) === recipients.length,
      20_000,
      'all rows to be sent',
    );
    const rows = await repository.findBy(crowd);
    expect(rows).toHaveLength(recipients.length);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'sent', attempts: 1 });
      expect(deliveries(row.messageId!)).toHaveLength(1);
    }
  });

  it('stops after the batch in flight, leaving no row half-claimed', async () => {
    const { worker, outbox } = await setUp({ pollIntervalMs: 60_000 });
    await enqueue(outbox, confirmMail('at-shutdown@example.com'));
    worker.start();
    await worker.stop();
    expect(['pending', 'sent']).toContain((await rowFor('at-shutdown@example.com')).status);
  });

  it("cancels a user's pending mail except the templates asked to keep", async () => {
    const { outbox } = await setUp();
    const leaving = '0b7c9a52-4bbf-4c8e-9b43-5a7d0c1e2f31';
    const staying = '6f1d2e3c-4b5a-4978-8a6b-9c0d1e2f3a4b';
    const alreadyRegistered: OutgoingMail = {
      to: 'leaving@example.com',
      template: 'email-already-registered',
      data: { loginUrl: 'https://id.example.com/login', resetUrl: 'https://id.example.com/forgot-password' },
      userId: leaving,
    };
    await enqueue(outbox, confirmMail('leaving@example.com', { userId: leaving }));
    await enqueue(outbox, alreadyRegistered);
    await enqueue(outbox, confirmMail('staying@example.com', { userId: staying }));

    await db.dataSource.transaction((manager) =>
      outbox.cancelForUser(manager, leaving, ['email-already-registered']),
    );

    const repository = db.dataSource.getRepository(MailOutbox);
    expect(await repository.findOneByOrFail({ userId: leaving, template: 'confirm-email' })).toMatchObject({
      status: 'cancelled',
      data: {},
    });
    expect(
      await repository.findOneByOrFail({ userId: leaving, template: 'email-already-registered' }),
    ).toMatchObject({ status: 'pending' });
    expect(await repository.findOneByOrFail({ userId: staying })).toMatchObject({ status: 'pending' });
  });

  it('cancels a row a worker is sending, so a failed attempt does not bring it back', async () => {
    const { worker, outbox } = await setUp();
    const leaving = '2c4e6a80-1b3d-4f5a-8c7e-9d0f1a2b3c4d';
    await enqueue(outbox, confirmMail('mid-send@example.com', { userId: leaving }));
    // As a claim leaves a row while its SMTP attempt is under way; the lease has lapsed, so a worker
    // would reclaim it at once if it were still 'sending'.
    await db.dataSource
      .getRepository(MailOutbox)
      .update(
        { userId: leaving },
        { status: 'sending', attempts: 1, lockedUntil: new Date(Date.now() - 1000) },
      );

    await db.dataSource.transaction((manager) => outbox.cancelForUser(manager, leaving));

    expect(await rowFor('mid-send@example.com')).toMatchObject({
      status: 'cancelled',
      data: {},
      lockedUntil: null,
    });
    // A control mail going out proves the worker ran past the cancelled row.
    await enqueue(outbox, confirmMail('after-cancel@example.com'));
    worker.start();
    await waitFor(async () => (await rowFor('after-cancel@example.com')).status === 'sent');
    expect((await rowFor('mid-send@example.com')).status).toBe('cancelled');
    expect(sink.messages().filter((mail) => mail.envelope.to.includes('mid-send@example.com'))).toEqual([]);
  });
});
