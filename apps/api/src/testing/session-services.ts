import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { DeviceTokens } from '../auth/lockout/device-tokens';
import { KnownDevices } from '../auth/sessions/known-devices';
import { Session } from '../auth/sessions/session.entity';
import { SessionsService } from '../auth/sessions/sessions.service';
import { AppConfig } from '../config/app-config';
import { OutboxService } from '../mail/outbox.service';
import { OutboxWorker } from '../mail/outbox.worker';

/** An outbox whose mail stays in the table for the test to read: delivery is OutboxWorker's job and its spec's. */
export function idleOutbox(dataSource: DataSource, config: AppConfig): OutboxService {
  return new OutboxService(dataSource, { nudge: () => undefined } as unknown as OutboxWorker, config);
}

/** SessionsService wired as AuthModule wires it, on a test database. */
export function sessionsService(
  dataSource: DataSource,
  config: AppConfig,
  events = new EventEmitter2(),
  outbox = idleOutbox(dataSource, config),
): SessionsService {
  const knownDevices = new KnownDevices(outbox, config, new DeviceTokens(config), dataSource);
  return new SessionsService(dataSource.getRepository(Session), dataSource, config, events, knownDevices);
}
