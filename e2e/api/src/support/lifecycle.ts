import { ApiInstance, startApi, StartApiOptions } from './api-instance';
import { SmtpSink } from './smtp-sink';

export interface TestServers {
  readonly app: ApiInstance;
  readonly sink: SmtpSink;
}

/**
 * Registers beforeAll/afterAll for one test file: an SMTP sink, then an API instance sending to it.
 * The returned object's fields are filled in by beforeAll, so use them inside tests and hooks only.
 * Teardown stops the API (SIGTERM; a non-zero exit fails the file) and then the sink.
 */
export function useServers(options: Omit<StartApiOptions, 'sink'> = {}): TestServers {
  const servers = {} as { app: ApiInstance; sink: SmtpSink };
  beforeAll(async () => {
    servers.sink = await new SmtpSink().start();
    servers.app = await startApi({ ...options, sink: servers.sink });
  });
  afterAll(async () => {
    try {
      await servers.app?.stop();
    } finally {
      await servers.sink?.stop();
    }
  });
  return servers;
}

export interface TwoServers extends TestServers {
  /** A second instance sending to the same sink. */
  readonly second: ApiInstance;
}

/**
 * Like useServers, with a second API instance: on the first one's database when `sameDatabase` (needs
 * PostgreSQL), otherwise on a database of its own. Teardown stops the second instance first, since the
 * first one drops the database they may share.
 */
export function useTwoServers({
  sameDatabase,
  ...options
}: Omit<StartApiOptions, 'sink' | 'sameDatabaseAs'> & { sameDatabase: boolean }): TwoServers {
  const servers = {} as { app: ApiInstance; second: ApiInstance; sink: SmtpSink };
  beforeAll(async () => {
    servers.sink = await new SmtpSink().start();
    servers.app = await startApi({ ...options, sink: servers.sink });
    servers.second = await startApi({
      ...options,
      sink: servers.sink,
      sameDatabaseAs: sameDatabase ? servers.app : undefined,
    });
  });
  afterAll(async () => {
    try {
      await servers.second?.stop();
      await servers.app?.stop();
    } finally {
      await servers.sink?.stop();
    }
  });
  return servers;
}
