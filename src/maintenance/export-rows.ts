import type pg from 'pg';
import { quoteIdent } from '../sql-text/quote.js';

const COLUMNS_SQL = `
SELECT a.attname AS name, t.typname AS type
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
WHERE a.attrelid = to_regclass('public.' || quote_ident($1)) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`;

/**
 * The rows of `table` whose `column` equals `value`, as JSON objects: geography columns as GeoJSON,
 * `omit` columns (credentials) left out, oldest first when the table has created_at or recorded_at.
 */
export async function exportRows(
  client: pg.ClientBase,
  table: string,
  column: string,
  value: string,
  omit: readonly string[] = [],
): Promise<Record<string, unknown>[]> {
  const { rows: columns } = await client.query<{ name: string; type: string }>(COLUMNS_SQL, [table]);
  const kept = columns.filter((c) => !omit.includes(c.name));
  const select = kept
    .map((c) =>
      c.type === 'geography' || c.type === 'geometry'
        ? `ST_AsGeoJSON(${quoteIdent(c.name)})::jsonb AS ${quoteIdent(c.name)}`
        : quoteIdent(c.name),
    )
    .join(', ');
  const names = new Set(columns.map((c) => c.name));
  const order = names.has('recorded_at') ? 'recorded_at' : names.has('created_at') ? 'created_at' : null;
  const { rows } = await client.query<{ rows: Record<string, unknown>[] }>(
    `SELECT coalesce(jsonb_agg(to_jsonb(r)${order ? ` ORDER BY r.${quoteIdent(order)}` : ''}), '[]'::jsonb) AS rows
     FROM (SELECT ${select} FROM public.${quoteIdent(table)} WHERE ${quoteIdent(column)} = $1) r`,
    [value],
  );
  return rows[0]!.rows;
}
