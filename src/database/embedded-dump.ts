import type { PGlite } from '@electric-sql/pglite';

export interface DumpOptions {
  /** Only the schema (pg_dump --schema-only). */
  schemaOnly?: boolean;
  /** Only the data (pg_dump --data-only). */
  dataOnly?: boolean;
}

/** pg_dump's arguments for these options; the output is plain SQL, like `pg_dump --format=plain`. */
export function dumpArguments(options: DumpOptions): string[] {
  const args = ['--no-owner', '--no-privileges'];
  if (options.schemaOnly) args.push('--schema-only');
  if (options.dataOnly) args.push('--data-only');
  return args;
}

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
  const file = await pgDump({ pg: facade as unknown as PGlite, args: dumpArguments(options) });
  return file.text();
}
