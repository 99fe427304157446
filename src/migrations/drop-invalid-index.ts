import type pg from 'pg';
import { splitStatements } from '../sql-text/split-statements.js';

const CREATE_INDEX_CONCURRENTLY =
  /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\.(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*))?)\s+ON\s/i;

function withoutLeadingComments(text: string): string {
  return text.replace(/^(?:\s*--[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*/, '').trimStart();
}

/** The (possibly schema-qualified, quoted as written) index name a `CREATE INDEX CONCURRENTLY` statement creates. */
export function concurrentIndexName(sql: string): string | undefined {
  const statement = splitStatements(sql)[0];
  if (!statement) return undefined;
  return CREATE_INDEX_CONCURRENTLY.exec(withoutLeadingComments(statement.text))?.[1];
}

/**
 * A failed `CREATE INDEX CONCURRENTLY` leaves an INVALID index behind, and re-running the file then fails
 * ("already exists") or, with IF NOT EXISTS, silently keeps the useless index. Before a pending
 * no-transaction file runs, an INVALID index of the very name it creates can only be that leftover (the
 * file is not recorded as applied, and an invalid index serves no query), so it is dropped. A valid index
 * of that name is left alone. Returns the dropped index, if any.
 */
export async function dropInvalidIndexLeftBy(client: pg.ClientBase, upSql: string): Promise<string | undefined> {
  const name = concurrentIndexName(upSql);
  if (!name) return undefined;
  const { rows } = await client.query<{ invalid: boolean; qualified: string }>(
    `SELECT NOT i.indisvalid AS invalid, format('%I.%I', n.nspname, c.relname) AS qualified
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1)`,
    [name],
  );
  const row = rows[0];
  if (!row?.invalid) return undefined;
  await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${row.qualified}`);
  return row.qualified;
}
