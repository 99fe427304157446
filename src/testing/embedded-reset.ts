import type { PGlite } from '@electric-sql/pglite';

/**
 * Puts a used embedded test database back into the state it was handed out in, so the next test
 * database can reuse the running instance instead of starting a new one (seconds). Data is restored
 * table by table where the statistics say a table was written; the schema, roles and other catalog
 * state are compared by a fingerprint, and any difference there means the instance is not reused.
 */

export interface PristineState {
  /** A hash of the catalog state the data reset cannot restore (objects, grants, roles, comments, settings). */
  fingerprint: string;
  /** Every sequence's position. */
  sequences: { name: string; value: string; called: boolean }[];
  /** The rows of each table that had any (COPY text); tables not listed were empty. */
  rows: Map<string, Blob>;
  /** Tables too large to keep a copy of: writing to one means the instance is not reused. */
  unsaved: Set<string>;
  /** Per table, the write counters when the state was taken (or last restored). */
  counters: Map<string, string>;
}

/** Tables with more rows than this are not copied (a seeded location_history would cost more to keep than to restart). */
const MAX_SAVED_ROWS = 50_000;

/**
 * Each catalog is summarized by its row count and newest xmin: any DDL, GRANT, COMMENT, role or setting
 * change writes a new row version (a newer xmin) or removes one (a lower count). pg_class is hashed by its columns instead, because TRUNCATE (common
 * in tests, and harmless here) writes a new row version for its new relfilenode.
 */
const XMIN_CATALOGS = [
  'pg_attribute',
  'pg_attrdef',
  'pg_constraint',
  'pg_trigger',
  'pg_proc',
  'pg_type',
  'pg_enum',
  'pg_namespace',
  'pg_sequence',
  'pg_authid',
  'pg_auth_members',
  'pg_db_role_setting',
  'pg_database',
  'pg_description',
  'pg_shdescription',
  'pg_extension',
  'pg_policy',
  'pg_rewrite',
  'pg_operator',
  'pg_cast',
  'pg_event_trigger',
  'pg_default_acl',
  'pg_largeobject_metadata',
  'pg_index',
  'pg_inherits',
  'pg_init_privs',
  'pg_publication',
  'pg_statistic_ext',
  'pg_foreign_server',
  'pg_user_mapping',
  'pg_collation',
];

const FINGERPRINT = [
  `SELECT 'pg_class' AS catalog, count(*) AS n, sum(hashtext(concat_ws('|', oid, relname, relnamespace, relowner, relkind, relpersistence, relrowsecurity, relforcerowsecurity, relreplident, relacl, reloptions))::bigint) AS hash FROM pg_catalog.pg_class WHERE relpersistence <> 't'`,
  ...XMIN_CATALOGS.map((catalog) => `SELECT '${catalog}', count(*), max(xmin::text::bigint) FROM pg_catalog.${catalog}`),
  `SELECT 'pg_prepared_xacts', count(*), 0 FROM pg_catalog.pg_prepared_xacts`,
].join('\nUNION ALL ');

async function fingerprintOf(db: PGlite): Promise<string> {
  const { rows } = await db.query<{ catalog: string; n: string; hash: string | null }>(FINGERPRINT);
  return rows.map((row) => `${row.catalog}:${row.n}:${row.hash}`).join(',');
}

/** Makes the statistics current: the backend flushes them after its next statement outside a transaction. */
async function flushStatistics(db: PGlite): Promise<void> {
  await db.query('SELECT pg_catalog.pg_stat_force_next_flush()');
  await db.query('SELECT 1');
}

/** Leaf tables outside the system schemas, with their write counters (read inside a transaction, after flushStatistics). */
async function tableCounters(db: PGlite): Promise<Map<string, string>> {
  const { rows } = await db.query<{ name: string; counters: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name,
            concat_ws('/', pg_catalog.pg_stat_get_tuples_inserted(c.oid), pg_catalog.pg_stat_get_tuples_updated(c.oid),
                      pg_catalog.pg_stat_get_tuples_deleted(c.oid), pg_catalog.pg_stat_get_live_tuples(c.oid)) AS counters
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
  );
  return new Map(rows.map((row) => [row.name, row.counters]));
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function inTransaction<T>(db: PGlite, work: () => Promise<T>): Promise<T> {
  await db.exec(`BEGIN; SET LOCAL stats_fetch_consistency = 'none'`);
  try {
    const result = await work();
    await db.exec('COMMIT');
    return result;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function sequencesOf(db: PGlite): Promise<PristineState['sequences']> {
  const { rows: names } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND n.nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY 1`,
  );
  const sequences: PristineState['sequences'] = [];
  for (const { name } of names) {
    const { rows } = await db.query<{ value: string; called: boolean }>(
      `SELECT last_value::text AS value, is_called AS called FROM ${name}`,
    );
    sequences.push({ name, value: rows[0]!.value, called: rows[0]!.called });
  }
  return sequences;
}

/** Records the state to come back to: called on a fresh instance before it is handed out. */
export async function capturePristine(db: PGlite): Promise<PristineState> {
  await flushStatistics(db);
  return inTransaction(db, async () => {
    const counters = await tableCounters(db);
    const tables = [...counters.keys()];
    const { rows: filled } = await db.query<{ name: string; n: number; member: boolean }>(
      tables
        .map(
          (
            table,
          ) => `SELECT ${literal(table)} AS name, (SELECT count(*)::int FROM (SELECT 1 FROM ${table} LIMIT ${MAX_SAVED_ROWS + 1}) t) AS n,
        EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = ${literal(table)}::regclass AND d.deptype = 'e') AS member`,
        )
        .join(' UNION ALL '),
    );
    const rows = new Map<string, Blob>();
    const unsaved = new Set<string>();
    for (const { name, n, member } of filled) {
      if (n === 0) continue;
      // Extension tables (PostGIS's spatial_ref_sys) are reference data: not copied; written to, the instance is not reused.
      if (n > MAX_SAVED_ROWS || member) {
        unsaved.add(name);
        continue;
      }
      const copy = await db.query(`COPY ${name} TO '/dev/blob'`);
      rows.set(name, copy.blob!);
    }
    return { fingerprint: await fingerprintOf(db), sequences: await sequencesOf(db), rows, unsaved, counters };
  });
}

/**
 * Restores `state` on an instance no client is connected to. Returns false (and changes nothing more)
 * when the instance cannot be made identical: the catalog differs, or a table too large to copy was written.
 */
export async function resetToPristine(db: PGlite, state: PristineState): Promise<boolean> {
  await flushStatistics(db);
  const dirty = await inTransaction(db, async () => {
    if ((await fingerprintOf(db)) !== state.fingerprint) return undefined;
    const now = await tableCounters(db);
    const written = [...now.keys()].filter((table) => now.get(table) !== state.counters.get(table));
    if (written.some((table) => state.unsaved.has(table) || !state.counters.has(table))) return undefined;
    if (written.length > 0) {
      // Foreign keys and triggers stay out of the way while every written table is emptied and refilled as it was.
      await db.exec(`SET LOCAL session_replication_role = replica; ${written.map((table) => `DELETE FROM ${table};`).join(' ')}`);
      for (const table of written) {
        const blob = state.rows.get(table);
        if (blob) await db.query(`COPY ${table} FROM '/dev/blob'`, [], { blob });
      }
      await db.exec('SET LOCAL session_replication_role = origin');
    }
    if (state.sequences.length > 0) {
      await db.query(
        `SELECT ${state.sequences.map((_, i) => `pg_catalog.setval($${3 * i + 1}::regclass, $${3 * i + 2}::bigint, $${3 * i + 3})`).join(', ')}`,
        state.sequences.flatMap(({ name, value, called }) => [name, value, called]),
      );
    }
    return written;
  });
  if (!dirty) return false;
  if (dirty.length > 0) {
    // The counters the next reset compares with include this reset's own writes.
    await flushStatistics(db);
    state.counters = await inTransaction(db, () => tableCounters(db));
  }
  return true;
}
