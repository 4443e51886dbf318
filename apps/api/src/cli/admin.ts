import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AdminEmailDemotion } from '../users/admin/admin-email-demotion.entity';
import { User } from '../users/user.entity';
import { ADMIN_USAGE, EXIT_CODES, parseAdminCommand, runAdminCommand } from './admin-command';

/** Only configuration and the database: no HTTP server, no mail worker, nothing that outlives the command. */
@Module({})
class AdminCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AdminCliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        TypeOrmModule.forFeature([User, AdminEmailDemotion]),
      ],
    };
  }
}

/** `npm run admin -- grant|revoke <email>` (see ADMIN_USAGE). */
async function main(args: string[]): Promise<number> {
  const command = parseAdminCommand(args);
  if (command.action === 'help') {
    console.log(ADMIN_USAGE);
    return EXIT_CODES.ok;
  }
  if (command.action === 'invalid') {
    console.error(`${command.problem}\n\n${ADMIN_USAGE}`);
    return EXIT_CODES.usage;
  }
  // abortOnError off: a failure to start (bad config, database in use) is reported, not a core dump.
  const config = new AppConfig(process.env);
  const context = await NestFactory.createApplicationContext(AdminCliModule.forRoot(config), {
    logger: false,
    abortOnError: false,
  });
  try {
    const { exitCode, message } = await runAdminCommand(context.get(DataSource), command);
    if (exitCode === EXIT_CODES.ok) console.log(message);
    else console.error(message);
    return exitCode;
  } finally {
    await context.close();
  }
}

main(process.argv.slice(2)).then(
  (exitCode) => (process.exitCode = exitCode),
  (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(error instanceof ConfigError ? `Configuration error: ${reason}` : `admin: ${reason}`);
    process.exitCode = EXIT_CODES.failed;
  },
);
