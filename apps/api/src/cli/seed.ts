import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from '../auth/password/password-hasher';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { PersonasService, SeededPersona } from '../users/personas/personas.service';
import { User } from '../users/user.entity';
import { CLI_FAILED, runCli, withCliContext } from './cli-runner';

export const SEED_USAGE = `Usage: npm run seed -- personas
       (in a built image: node apps/api/dist/cli/seed.js personas)

Creates development accounts with known passwords, one per account state (confirmed, unconfirmed,
pending approval, disabled, admin), and prints them. Running it again resets them to that state and
password. Works on the database the app uses: DATABASE_URL, or else the embedded PGlite in DATA_DIR
(./.data), which only one process may open: stop the app first. Refused when NODE_ENV=production.`;

/** Distinct codes, so a deploy script that runs this by mistake sees the refusal for what it is. */
export const SEED_EXIT_CODES = { ok: 0, failed: CLI_FAILED, usage: 2, production: 3 } as const;

/** Configuration, the database and the hasher only: no HTTP server, no mail worker. */
@Module({})
class SeedCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedCliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, TypeOrmModule.forFeature([User])],
      providers: [PasswordHasher, PersonasService],
    };
  }
}

export function personasTable(personas: readonly SeededPersona[]): string {
  const rows = [['email', 'password', 'state'], ...personas.map((p) => [p.email, p.password, p.state])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`;
  return [
    line(rows[0]),
    line(rows[0].map((cell, i) => '-'.repeat(i < 2 ? widths[i] : cell.length))),
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function main(args: string[]): Promise<number> {
  const [what, ...extra] = args;
  if (what === undefined || ['help', '--help', '-h'].includes(what)) {
    console.log(SEED_USAGE);
    return SEED_EXIT_CODES.ok;
  }
  if (what !== 'personas' || extra.length > 0) {
    console.error(`Unknown seed "${args.join(' ')}".\n\n${SEED_USAGE}`);
    return SEED_EXIT_CODES.usage;
  }
  // Before reading any other setting: production data never gets accounts with published passwords.
  if (process.env.NODE_ENV === 'production') {
    console.error(
      'seed: refused, NODE_ENV=production. Personas have published passwords; they are for development data only.',
    );
    return SEED_EXIT_CODES.production;
  }
  const config = new AppConfig(process.env);
  const personas = await withCliContext(SeedCliModule.forRoot(config), (context) =>
    context.get(PersonasService).seed(),
  );
  console.log(personasTable(personas));
  const created = personas.filter((persona) => persona.outcome === 'created').length;
  console.log(`\n${created} created, ${personas.length - created} reset to their state and password.`);
  return SEED_EXIT_CODES.ok;
}

runCli('seed', () => main(process.argv.slice(2)));
