import type pg from 'pg';

export interface LocationPartition {
  name: string;
  /** null for the DEFAULT partition (and a MINVALUE bound). */
  lowerBound: Date | null;
  /** null for the DEFAULT partition (and a MAXVALUE bound). */
  upperBound: Date | null;
}

// The bound expression is the only place PostgreSQL exposes a range partition's bounds.
const PARTITIONS_SQL = `
SELECT c.relname AS name, b[1]::timestamptz AS lower_bound, b[2]::timestamptz AS upper_bound
FROM pg_catalog.pg_inherits i
JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
LEFT JOIN LATERAL regexp_match(pg_catalog.pg_get_expr(c.relpartbound, c.oid),
  '^FOR VALUES FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)$') AS b ON true
WHERE i.inhparent = 'public.location_history'::regclass
ORDER BY b[2]::timestamptz NULLS LAST, c.relname`;

/** The partitions of location_history with their bounds, oldest first, the default partition last. */
export async function listLocationPartitions(db: pg.ClientBase): Promise<LocationPartition[]> {
  const { rows } = await db.query<{ name: string; lower_bound: Date | null; upper_bound: Date | null }>(PARTITIONS_SQL);
  return rows.map((row) => ({ name: row.name, lowerBound: row.lower_bound, upperBound: row.upper_bound }));
}
