import type pg from 'pg';

/**
 * What a seeded table's content hash covers: every column except those the database itself stamps
 * at write time (jobs.updated_at is set by its trigger on each status change; job_status_history.id
 * is an identity whose order within one set-based UPDATE is the executor's choice).
 */
const HASHED = [
  { table: 'users', order: 'id', drop: [] },
  { table: 'guard_profiles', order: 'id', drop: [] },
  { table: 'jobs', order: 'id', drop: ['updated_at'] },
  { table: 'job_status_history', order: 'job_id, changed_at, to_status', drop: ['id'] },
  { table: 'location_history', order: 'id', drop: [] },
  { table: 'payments', order: 'id', drop: [] },
  { table: 'sessions', order: 'id', drop: [] },
] as const;

export interface ContentHash {
  /** md5 over all tables. */
  hash: string;
  tables: Record<string, { rows: number; md5: string }>;
}

/**
 * A hash of the application tables' content, equal for equal data on any engine (times in UTC,
 * geography as EWKB hex). Used to prove seeding is deterministic; reads everything, so meant for
 * demo and small load scales.
 */
export async function contentHash(client: pg.ClientBase): Promise<ContentHash> {
  await client.query(`SET TimeZone = 'UTC'`);
  const tables: ContentHash['tables'] = {};
  for (const { table, order, drop } of HASHED) {
    const strip = drop.map((column) => ` - '${column}'`).join('');
    const { rows } = await client.query<{ rows: string; md5: string }>(
      `SELECT count(*)::text AS rows, md5(coalesce(string_agg((to_jsonb(t)${strip})::text, E'\\n' ORDER BY ${order}), '')) AS md5 FROM ${table} t`,
    );
    tables[table] = { rows: Number(rows[0]!.rows), md5: rows[0]!.md5 };
  }
  const { createHash } = await import('node:crypto');
  const hash = createHash('md5').update(JSON.stringify(tables)).digest('hex');
  return { hash, tables };
}
