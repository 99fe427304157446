import type { PGlite } from '@electric-sql/pglite';

export interface DumpOptions {
  /** Only the schema (pg_dump --schema-only). */
  schemaOnly?: boolean;
  /** Only the data (pg_dump --data-only). */
  dataOnly?: boolean;
}

/** pg_dump's arguments for these options; the output is plain SQL, like `pg_dump --format=plain`. */
export function dumpArguments(options: DumpOptions, configTables: readonly string[] = []): string[] {
  const args = ['--no-owner', '--no-privileges'];
  if (options.schemaOnly) args.push('--schema-only');
  if (options.dataOnly) args.push('--data-only');
  for (const table of configTables) args.push(`--exclude-table-data=${table}`);
  return args;
}

interface ConfigTable {
  /** Schema-qualified, quoted name, as pg_dump's patterns and SQL take it. */
  name: string;
  /** The extension's filter (pg_extension.extcondition): the rows a user added, '' for all of them. */
  condition: string;
}

/**
 * Extension configuration tables (PostGIS's spatial_ref_sys): the WASM pg_dump never returns from dumping
 * their rows (it spins on the engine), so their data is left to pg_dump's exclusion and written here instead,
 * only the rows the extension marks as the user's, as pg_dump itself would.
 */
async function configTables(db: PGlite): Promise<ConfigTable[]> {
  const { rows } = await db.query<ConfigTable>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, coalesce(e.extcondition[array_position(e.extconfig, c.oid)], '') AS condition
       FROM pg_catalog.pg_extension e
       CROSS JOIN LATERAL unnest(e.extconfig) AS config(oid)
       JOIN pg_catalog.pg_class c ON c.oid = config.oid AND c.relkind = 'r'
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      ORDER BY 1`,
  );
  return rows;
}

/** The user's rows of the configuration tables, as INSERT statements (empty when there are none). */
async function configTableData(db: PGlite, tables: readonly ConfigTable[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await db.query<{ line: string }>(
      `SELECT format('INSERT INTO %s SELECT * FROM json_populate_record(NULL::%s, %L);', $1::text, $1::text, row_to_json(t)) AS line
         FROM ${table.name} AS t ${table.condition}`,
      [table.name],
    );
    if (rows.length > 0)
      parts.push(
        `--\n-- Data for extension configuration table ${table.name} (rows the extension does not ship)\n--\n\n${rows.map((row) => row.line).join('\n')}\n\n`,
      );
  }
  return parts.join('');
}

const DUMP_COMPLETE = '--\n-- PostgreSQL database dump complete\n--';

/**
 * Runs pg_dump (PostgreSQL's own, compiled to WASM by @electric-sql/pglite-tools) against an open engine.
 * pg_dump prepares statements and changes session settings; the engine is handed to it alone, and what it
 * prepared is deallocated afterwards, leaving other clients' prepared statements alone.
 */
export async function dumpEngine(db: PGlite, options: DumpOptions): Promise<string> {
  const { pgDump } = await import('@electric-sql/pglite-tools/pg_dump');
  const before = new Set((await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).rows.map((row) => row.name));
  const facade = {
    query: (sql: string) => db.query(sql),
    exec: async (sql: string) => {
      if (sql.trim().toUpperCase() !== 'DEALLOCATE ALL') return db.exec(sql);
      const { rows } = await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      for (const { name } of rows) if (!before.has(name)) await db.exec(`DEALLOCATE "${name.replaceAll('"', '""')}"`);
      return [];
    },
    execProtocolRawStream: (message: Uint8Array, streamOptions: { onRawData: (data: Uint8Array) => void }) =>
      db.execProtocolRawStream(message, streamOptions),
  };
  const tables = await configTables(db);
  const file = await pgDump({
    pg: facade as unknown as PGlite,
    args: dumpArguments(
      options,
      tables.map((table) => table.name),
    ),
  });
  const text = await file.text();
  const data = options.schemaOnly ? '' : await configTableData(db, tables);
  if (!data) return text;
  const end = text.lastIndexOf(DUMP_COMPLETE);
  return end < 0 ? text + data : text.slice(0, end) + data + text.slice(end);
}
