import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DataDirLock } from './data-dir-lock';

/**
 * PGlite (PostgreSQL compiled to WASM) persisted under DATA_DIR, exposed on a loopback port so TypeORM
 * keeps using the one `pg` driver. PGlite is a single backend, so exactly one client connection is allowed:
 * with more, two pooled connections would share one transaction state.
 */
@Injectable()
export class EmbeddedPostgres implements OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddedPostgres.name);
  private db?: PGlite;
  private server?: PGLiteSocketServer;
  private lock?: DataDirLock;

  constructor(private readonly moduleRef: ModuleRef) {}

  async start(dataDir: string): Promise<string> {
    const directory = join(dataDir, 'pglite');
    mkdirSync(directory, { recursive: true });
    // Before opening: the app and the admin CLI both come through here, and must not run on the files at once.
    this.lock = new DataDirLock(join(dataDir, 'pglite.lock'));
    this.lock.acquire();
    const startedAt = Date.now();
    // Loaded here, not at start: an instance on DATABASE_URL never needs the WASM build.
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    try {
      this.db = await PGlite.create(directory);
    } catch (error) {
      this.lock.release();
      throw error;
    }
    this.server = new PGLiteSocketServer({ db: this.db, host: '127.0.0.1', port: 0, maxConnections: 1 });
    await this.server.start();
    const { port } = this.listeningAddress();
    this.logger.log(
      `embedded PostgreSQL (PGlite) ready in ${Date.now() - startedAt} ms, data in ${directory}`,
    );
    return `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.db) return;
    // The data source must let go of its connection before PGlite stops, whichever shutdown hook runs first.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource.isInitialized) await dataSource.destroy();
    await this.server?.stop();
    await this.db.close();
    this.db = undefined;
    this.lock?.release();
  }

  private listeningAddress(): AddressInfo {
    // The socket server keeps its net.Server private; the port is only known once it listens on port 0.
    const server = (this.server as unknown as { server: Server }).server;
    return server.address() as AddressInfo;
  }
}
