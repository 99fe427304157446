import type pg from 'pg';
import type { RelationSize } from './plan-report.js';

export interface TargetSize extends RelationSize {
  /** Has rows, or pages of a table never analyzed since it was filled. */
  populated: boolean;
}

export interface TableName {
  schema: string;
  name: string;
}

export const sizeKey = (table: TableName) => `${table.schema}\u0000${table.name}`;

/**
 * Estimated rows and total size of each table in the target, from catalog statistics only (reltuples,
 * pg_relation_size, pg_total_relation_size): nothing is scanned. A partitioned table is the sum of its
 * leaf partitions. Tables the target does not have (created by an earlier pending migration) are absent.
 */
export async function readTargetSizes(client: pg.ClientBase, tables: TableName[]): Promise<Map<string, TargetSize>> {
  const sizes = new Map<string, TargetSize>();
  if (tables.length === 0) return sizes;
  const { rows } = await client.query<{ schema: string; name: string; rows: string | null; unknown: boolean; bytes: string; heap: string }>(
    `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w(schema, name)),
          root AS (SELECT w.schema, w.name, c.oid, c.relkind FROM wanted w
                     JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
                     JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.name AND c.relkind IN ('r', 'p', 'm')),
          leaf AS (SELECT r.schema, r.name, t.relid AS oid FROM root r CROSS JOIN LATERAL pg_catalog.pg_partition_tree(r.oid) t WHERE r.relkind = 'p' AND t.isleaf
                   UNION ALL SELECT r.schema, r.name, r.oid FROM root r WHERE r.relkind <> 'p'),
          measured AS (SELECT l.schema, l.name, c.reltuples, pg_catalog.pg_relation_size(c.oid) AS heap, pg_catalog.pg_total_relation_size(c.oid) AS bytes
                         FROM leaf l JOIN pg_catalog.pg_class c ON c.oid = l.oid)
     SELECT r.schema, r.name,
            coalesce(sum(greatest(m.reltuples, 0)), 0)::bigint::text AS rows,
            coalesce(bool_or(m.heap > 0 AND m.reltuples <= 0), false) AS unknown,
            coalesce(sum(m.bytes), 0)::bigint::text AS bytes,
            coalesce(sum(m.heap), 0)::bigint::text AS heap
       FROM root r LEFT JOIN measured m ON m.schema = r.schema AND m.name = r.name
      GROUP BY r.schema, r.name`,
    [tables.map((table) => table.schema), tables.map((table) => table.name)],
  );
  for (const row of rows) {
    const estimated = Number(row.rows);
    const heap = Number(row.heap);
    sizes.set(sizeKey(row), {
      rows: row.unknown ? null : estimated,
      bytes: Number(row.bytes),
      populated: estimated > 0 || heap > 0,
    });
  }
  return sizes;
}
