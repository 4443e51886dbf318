import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { AppConfig, ConfigError } from './config/app-config';
import { DOCS_PATH } from './openapi.setup';

async function main(): Promise<void> {
  const config = new AppConfig(process.env);
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const base = config.publicUrl;
  const lines = [
    `${config.productName} is running`,
    `  app:      ${base}/`,
    `  API:      ${base}/api/v1`,
    `  API docs: ${base}/${DOCS_PATH}`,
  ];
  if (config.usesEmbeddedSmtp)
    lines.push(`  mail:     ${base}/dev/mail  (embedded SMTP catcher; set SMTP_URL to send for real)`);
  if (config.metricsToken) lines.push(`  metrics:  ${base}/metrics  (Authorization: Bearer METRICS_TOKEN)`);
  lines.push(
    `  database: ${config.usesEmbeddedDatabase ? `embedded PGlite in ${config.dataDir}` : 'DATABASE_URL'}`,
  );
  new Logger('Main').log(lines.join('\n'));
  if (process.stdout.isTTY) console.log('\n' + lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
