import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  PostgresDialect,
  PostgresIntrospector,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely's PostgreSQL dialect, but its introspection (which the migrator uses to see whether its
 * tables exist) looks at one schema only. Kysely's own reads every table of every schema, and
 * fails ("schema … does not exist") when another schema is dropped meanwhile, as tests working in
 * schemas of their own do all the time.
 */
export class SchemaPostgresDialect extends PostgresDialect {
  constructor(
    config: ConstructorParameters<typeof PostgresDialect>[0],
    private readonly schema: string,
  ) {
    super(config);
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SchemaIntrospector(db, this.schema);
  }
}

class SchemaIntrospector implements DatabaseIntrospector {
  private readonly all: PostgresIntrospector;

  constructor(
    private readonly db: Kysely<unknown>,
    private readonly schema: string,
  ) {
    this.all = new PostgresIntrospector(db);
  }

  getSchemas(): Promise<SchemaMetadata[]> {
    return this.all.getSchemas();
  }

  /** The schema's tables and views by name; without columns, which the migrator never reads. */
  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; is_view: boolean }>`
      select table_name as name, table_type = 'VIEW' as is_view from information_schema.tables
      where table_schema = ${this.schema} order by table_name`.execute(this.db);
    return rows.map((r) => ({ name: r.name, schema: this.schema, isView: r.is_view, columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
