import type { Pool } from 'pg';
import type { DataSource, EntityTarget } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Hand-written SQL for the few measured hot paths (the session lookup, sign-ins): a named statement straight
 * on the driver's pool, which each pooled connection parses and plans once. There, TypeORM's query runner and
 * entity hydration per query cost more CPU than the SQL itself (docs/architecture.md › Request lifecycle).
 */
export async function runPrepared(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<Record<string, unknown>[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return (await pool.query<Record<string, unknown>>({ name, text, values })).rows;
}

/**
 * An entity's columns selected under `<alias>_<column>` names, and the way back from such a row to the
 * entity, through the driver's own conversions and the columns' transformers: what TypeORM's hydration
 * does, without its per-query planning. The metadata is read once, when the statement is built.
 */
export class AliasedColumns<T> {
  private readonly columns: readonly ColumnMetadata[];
  private readonly driver: PostgresDriver;

  constructor(
    dataSource: DataSource,
    private readonly target: EntityTarget<T> & (new () => T),
    private readonly alias: string,
  ) {
    this.columns = dataSource.getMetadata(target).columns;
    this.driver = dataSource.driver as PostgresDriver;
  }

  /** The select list: `"alias"."column" AS "alias_column", …`. */
  get selectList(): string {
    return this.columns
      .map(({ databaseName }) => `"${this.alias}"."${databaseName}" AS "${this.aliasOf(databaseName)}"`)
      .join(', ');
  }

  fromRow(row: Record<string, unknown>): T {
    const entity = new this.target() as Record<string, unknown>;
    for (const column of this.columns) {
      entity[column.propertyName] = this.driver.prepareHydratedValue(
        row[this.aliasOf(column.databaseName)],
        column,
      );
    }
    return entity as T;
  }

  private aliasOf(databaseName: string): string {
    return `${this.alias}_${databaseName}`;
  }
}
