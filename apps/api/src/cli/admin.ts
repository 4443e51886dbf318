import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SecurityEventRow } from '../activity/security-event.entity';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AdminEmailDemotion } from '../users/admin/admin-email-demotion.entity';
import { User } from '../users/user.entity';
import { runCli, withCliContext } from './cli-runner';
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
        TypeOrmModule.forFeature([User, AdminEmailDemotion, SecurityEventRow]),
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
  const config = new AppConfig(process.env);
  return withCliContext(AdminCliModule.forRoot(config), async (context) => {
    const { exitCode, message } = await runAdminCommand(context.get(DataSource), command);
    if (exitCode === EXIT_CODES.ok) console.log(message);
    else console.error(message);
    return exitCode;
  });
}

runCli('admin', () => main(process.argv.slice(2)));
