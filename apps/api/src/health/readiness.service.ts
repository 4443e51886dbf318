import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailHealthIndicator } from './mail.health';
import type { DependencyCheckDto, ReadinessChecksDto } from './readiness.dto';
import { withTimeout } from './with-timeout';

const DATABASE_TIMEOUT_MS = 2000;

/**
 * Readiness is the database and its schema only: an instance whose mail server is down still serves every
 * request, and the outbox sends the mail later (docs/architecture.md), so mail is reported, never decisive.
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger('Health');
  private wasReady = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailHealthIndicator,
  ) {}

  async check(): Promise<{ ready: boolean; checks: ReadinessChecksDto }> {
    const [[database, migrations], mail] = await Promise.all([this.checkSchema(), this.mail.check()]);
    const checks = { database, migrations, mail };
    const ready = database.status === 'up' && migrations.status === 'up';
    if (ready !== this.wasReady) {
      if (ready) this.logger.log('ready again');
      else this.logger.warn(`not ready: ${JSON.stringify({ database, migrations })}`);
      this.wasReady = ready;
    }
    return { ready, checks };
  }

  /** The database answers, then: every migration this version knows is recorded as run. */
  private async checkSchema(): Promise<[DependencyCheckDto, DependencyCheckDto]> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_TIMEOUT_MS);
    } catch (error) {
      const message = `database unreachable: ${(error as Error).message}`;
      return [
        { status: 'down', message },
        { status: 'down', message: 'unknown while the database is unreachable' },
      ];
    }
    try {
      return [{ status: 'up' }, await this.checkMigrations()];
    } catch (error) {
      return [{ status: 'up' }, { status: 'down', message: (error as Error).message }];
    }
  }

  private async checkMigrations(): Promise<DependencyCheckDto> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    const rows = await withTimeout<{ name: string }[]>(
      this.dataSource.query(`SELECT name FROM "${table}"`),
      DATABASE_TIMEOUT_MS,
    );
    const executed = new Set(rows.map(({ name }) => name));
    const pending = this.dataSource.migrations.map(({ name }) => name).filter((name) => !executed.has(name!));
    return pending.length === 0
      ? { status: 'up' }
      : { status: 'down', message: `${pending.length} pending: ${pending.join(', ')}` };
  }
}
