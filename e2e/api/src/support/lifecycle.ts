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
