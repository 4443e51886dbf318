import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './config/app-config';
import { WELL_KNOWN_PATH } from './auth/well-known/well-known.controller';
import { DEV_INBOX_PATH } from './mail/inbox.page';
import { METRICS_PATH } from './metrics/metrics.controller';

/**
 * Serves the built SPA from the API's origin: files under /, and index.html for any other GET outside
 * /api, /.well-known, /metrics and the development inbox, so client-side routes survive a reload. Without a build, the API runs alone.
 */
export async function serveWebApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const indexFile = join(config.webDistDir, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('WebApp').warn(`no SPA build at ${config.webDistDir}; serving the API only`);
    return;
  }
  await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false, index: ['index.html'] });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (request.method !== 'GET' || isServerPath(path) || /\.[a-z0-9]+$/i.test(path)) return;
    if (path !== '/') await reply.sendFile('index.html');
  });
}

/** Paths the server answers itself rather than handing to the SPA's router. */
function isServerPath(path: string): boolean {
  return ['/api', `/${WELL_KNOWN_PATH}`, `/${DEV_INBOX_PATH}`, `/${METRICS_PATH}`].some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`),
  );
}
