import { testConfig } from '../testing/test-config';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { MailCap } from './mail-cap.entity';
import { MailOutbox } from './mail-outbox.entity';
import { MailTemplateName, OutgoingMail } from './mail.types';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

function notice(to: string): OutgoingMail<'email-already-registered'> {
  return {
    to,
    template: 'email-already-registered',
    data: { loginUrl: 'https://id.example.com/login', resetUrl: 'https://id.example.com/forgot-password' },
  };
}

const PER_HOUR = 3;

describe('OutboxService.enqueueCapped', () => {
  let db: TestDatabase;
  let outbox: OutboxService;

  beforeAll(async () => {
    db = await createTestDatabase([MailOutbox, MailCap]);
    // Delivery is not under test: the worker only hears that there is mail.
    outbox = new OutboxService(
      db.dataSource,
      { nudge: () => undefined } as unknown as OutboxWorker,
      testConfig({ MAIL_CAP_PER_HOUR: String(PER_HOUR) }),
    );
  });

  afterAll(() => db?.close());

  function enqueueCapped(mail: OutgoingMail): Promise<boolean> {
    return db.dataSource.transaction((manager) => outbox.enqueueCapped(manager, mail));
  }

  function queued(to: string, template: MailTemplateName = 'email-already-registered'): Promise<number> {
    return db.dataSource.getRepository(MailOutbox).countBy({ to, template });
  }

  it('enqueues the first mail and refuses a second one within the minute, writing nothing', async () => {
    expect(await enqueueCapped(notice('capped@example.com'))).toBe(true);
    expect(await enqueueCapped(notice('capped@example.com'))).toBe(false);
    expect(await queued('capped@example.com')).toBe(1);
  });

  it('caps each address and template on its own', async () => {
    expect(await enqueueCapped(notice('first@example.com'))).toBe(true);
    expect(await enqueueCapped(notice('second@example.com'))).toBe(true);
    const confirmation: OutgoingMail = {
      to: 'first@example.com',
      template: 'confirm-email',
      data: {
        nickname: 'brave-otter-42',
        confirmUrl: 'https://id.example.com/confirm-email?token=t',
        expiresInHours: 24,
      },
    };
    expect(await enqueueCapped(confirmation)).toBe(true);
    expect(await queued('first@example.com', 'confirm-email')).toBe(1);
  });

  /** Moves the address's capped mails back in time, as a wait would. */
  async function age(address: string, lastSent: string, recentSends = `'{}'`): Promise<void> {
    await db.dataSource.query(
      `UPDATE mail_caps SET last_sent_at = now() - interval '${lastSent}',
         recent_sends = ${recentSends} WHERE address = $1`,
      [address],
    );
  }

  it('enqueues again once the window has passed', async () => {
    expect(await enqueueCapped(notice('patient@example.com'))).toBe(true);
    await db.dataSource.query(
      `UPDATE mail_caps SET last_sent_at = now() - interval '61 seconds' WHERE address = $1`,
      ['patient@example.com'],
    );
    expect(await enqueueCapped(notice('patient@example.com'))).toBe(true);
    expect(await queued('patient@example.com')).toBe(2);
  });

  it('frees the slot again when the transaction that took it rolls back', async () => {
    await db.dataSource
      .transaction(async (manager) => {
        await outbox.enqueueCapped(manager, notice('rolled-back@example.com'));
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    expect(await queued('rolled-back@example.com')).toBe(0);
    expect(await enqueueCapped(notice('rolled-back@example.com'))).toBe(true);
  });

  it('lets exactly one of parallel requests through', async () => {
    const results = await Promise.all([1, 2, 3].map(() => enqueueCapped(notice('crowd@example.com'))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await queued('crowd@example.com')).toBe(1);
  });

  it(`refuses the mail after ${PER_HOUR} in the hour though the minute has passed, writing nothing`, async () => {
    const address = 'busy@example.com';
    for (let i = 1; i <= PER_HOUR; i++) {
      expect(await enqueueCapped(notice(address))).toBe(true);
      await age(address, '61 seconds', 'recent_sends');
    }

    expect(await enqueueCapped(notice(address))).toBe(false);
    expect(await queued(address)).toBe(PER_HOUR);
    const [cap] = await db.dataSource.getRepository(MailCap).findBy({ address });
    expect(cap.recentSends).toHaveLength(PER_HOUR);
  });

  it('slides the hour: a mail is allowed again once the oldest of the hour is older than an hour', async () => {
    const address = 'steady@example.com';
    expect(await enqueueCapped(notice(address))).toBe(true);
    const sends = [61, 30, 10].map((minutes) => `now() - interval '${minutes} minutes'`);
    await age(address, '10 minutes', `ARRAY[${sends.join(', ')}]`);

    expect(await enqueueCapped(notice(address))).toBe(true);
    await age(address, '2 minutes', 'recent_sends');
    expect(await enqueueCapped(notice(address))).toBe(false);
    const [cap] = await db.dataSource.getRepository(MailCap).findBy({ address });
    expect(cap.recentSends).toHaveLength(PER_HOUR); // the one older than an hour was dropped
  });
});
