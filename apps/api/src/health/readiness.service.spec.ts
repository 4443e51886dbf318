import type { DataSource } from 'typeorm';
import type { MailHealthIndicator } from './mail.health';
import type { DependencyCheckDto } from './readiness.dto';
import { ReadinessService } from './readiness.service';

const MIGRATIONS = [{ name: 'CreateAccounts1' }, { name: 'CreateImages2' }];

/** A data source whose database answers `select`, with these migrations recorded as run. */
function dataSource(select: () => Promise<unknown>, recorded = MIGRATIONS): DataSource {
  return {
    options: {},
    migrations: MIGRATIONS,
    query: (sql: string) => (sql === 'SELECT 1' ? select() : Promise.resolve(recorded)),
  } as unknown as DataSource;
}

const mailIs = (check: DependencyCheckDto) =>
  ({ check: () => Promise.resolve(check) }) as MailHealthIndicator;
const up = () => Promise.resolve([{ '?column?': 1 }]);
const mailDown: DependencyCheckDto = { status: 'down', message: 'SMTP server unavailable: ECONNREFUSED' };

describe('ReadinessService', () => {
  it('is ready with the database up and every migration run, whatever the mail server does', async () => {
    const service = new ReadinessService(dataSource(up), mailIs(mailDown));

    expect(await service.check()).toEqual({
      ready: true,
      checks: { database: { status: 'up' }, migrations: { status: 'up' }, mail: mailDown },
    });
  });

  it('is not ready while the database is unreachable', async () => {
    const unreachable = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const service = new ReadinessService(dataSource(unreachable), mailIs({ status: 'up' }));

    const { ready, checks } = await service.check();

    expect(ready).toBe(false);
    expect(checks.database).toEqual({
      status: 'down',
      message: 'database unreachable: connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(checks.migrations.status).toBe('down');
    expect(checks.mail).toEqual({ status: 'up' });
  });

  it('is not ready while a migration of this version has not run, and names it', async () => {
    const service = new ReadinessService(dataSource(up, MIGRATIONS.slice(0, 1)), mailIs({ status: 'up' }));

    const { ready, checks } = await service.check();

    expect(ready).toBe(false);
    expect(checks.database).toEqual({ status: 'up' });
    expect(checks.migrations).toEqual({ status: 'down', message: '1 pending: CreateImages2' });
  });

  it('gives up on a database that does not answer within 2 seconds', async () => {
    jest.useFakeTimers();
    try {
      const service = new ReadinessService(
        dataSource(() => new Promise(() => {})),
        mailIs({ status: 'up' }),
      );
      const result = service.check();
      await jest.advanceTimersByTimeAsync(2000);

      expect((await result).checks.database).toEqual({
        status: 'down',
        message: 'database unreachable: no answer within 2000 ms',
      });
    } finally {
      jest.useRealTimers();
    }
  });
});
