import { Global, Injectable, Module } from '@nestjs/common';
import type { Notification, PoolClient } from 'pg';

/** What the change triggers NOTIFY on (migration AddTableChangeNotifications); the payload is the table. */
export const TABLE_CHANGES_CHANNEL = 'latchkey_table_changes';

interface Subscription {
  tables: ReadonlySet<string>;
  onChange: () => void;
}

/**
 * Tells in-memory caches that rows they hold may have changed, on this instance or any other. Statement
 * triggers NOTIFY the changed table's name, and every pooled connection LISTENs before the pool hands it out.
 * The connection that commits a change hears its own notification before its statement returns, so the
 * writing instance's caches are cleared before it answers the write; other instances hear it a moment after
 * the commit. Every read runs on a listening connection; when the last one ends (an idle pool, a lost
 * server), later changes could go unheard, so subscribers are told then too (docs/architecture.md › Images).
 */
@Injectable()
export class TableChanges {
  private readonly subscriptions = new Set<Subscription>();
  private listeningConnections = 0;

  /** pg-pool's `onConnect` hook: the connection listens before its first use. */
  readonly onConnect = async (client: PoolClient): Promise<void> => {
    client.on('notification', (notification) => this.heard(notification));
    await client.query(`LISTEN ${TABLE_CHANGES_CHANNEL}`);
    this.listeningConnections++;
    client.once('end', () => {
      this.listeningConnections--;
      if (this.listeningConnections === 0) this.notify(() => true);
    });
  };

  /** Calls `onChange` when one of `tables` changes, or when changes could have gone unheard. */
  subscribe(tables: readonly string[], onChange: () => void): void {
    this.subscriptions.add({ tables: new Set(tables), onChange });
  }

  private heard({ channel, payload }: Notification): void {
    if (channel === TABLE_CHANGES_CHANNEL) this.notify(({ tables }) => tables.has(payload ?? ''));
  }

  private notify(concerns: (subscription: Subscription) => boolean): void {
    for (const subscription of this.subscriptions) if (concerns(subscription)) subscription.onChange();
  }
}

/** Global: the pool's hook (DatabaseModule) and every cache that subscribes share one instance. */
@Global()
@Module({ providers: [TableChanges], exports: [TableChanges] })
export class TableChangesModule {}
