import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TableChanges, TableChangesModule } from './table-changes';

/** Options shared by the app and by the migration CLI: PostgreSQL, snake_case names, migrations only. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
  };
}

@Module({
  imports: [
    TableChangesModule,
    TypeOrmModule.forRootAsync({
      imports: [TableChangesModule],
      extraProviders: [EmbeddedPostgres],
      inject: [AppConfig, EmbeddedPostgres, TableChanges],
      useFactory: async (config: AppConfig, embedded: EmbeddedPostgres, tableChanges: TableChanges) => ({
        ...dataSourceOptions(config.databaseUrl ?? (await embedded.start(config.dataDir))),
        autoLoadEntities: true,
        extra: { max: config.usesEmbeddedDatabase ? 1 : 10, onConnect: tableChanges.onConnect },
      }),
      dataSourceFactory: async (options) => new DataSource(options!).initialize(),
    }),
  ],
})
export class DatabaseModule {}
