import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/database.module';
import { runCli } from './cli-runner';

/**
 * `node apps/api/dist/cli/migrate.js`: runs the pending migrations on DATABASE_URL and exits, for a
 * deployment that migrates once before rolling out (the Kubernetes Job in deploy/k8s) instead of letting
 * every starting instance try. The app still migrates at start, which finds nothing left to do.
 * Exit codes: 0 migrated (or nothing to do), 1 failed, 2 no DATABASE_URL.
 */
async function main(): Promise<number> {
  // The same validation as the app's, so that a Job with a broken configuration fails before the rollout.
  const config = new AppConfig(process.env);
  if (!config.databaseUrl) {
    console.error('migrate: DATABASE_URL is not set (the embedded database migrates when the app starts)');
    return 2;
  }
  const dataSource = new DataSource({ ...dataSourceOptions(config.databaseUrl), migrationsRun: false });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(
      applied.length
        ? `migrate: applied ${applied.map((migration) => migration.name).join(', ')}`
        : 'migrate: the schema is up to date',
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

runCli('migrate', main);
