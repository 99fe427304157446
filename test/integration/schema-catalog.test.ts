import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../helpers/engines.js';
import {
  catalogDefault,
  catalogType,
  DOCUMENTED_COLUMN_CHANGES,
  DOCUMENTED_EXTRA_COLUMNS,
  DOCUMENTED_FOREIGN_KEYS,
  DOCUMENTED_INDEX_CHANGES,
  DOCUMENTED_INDEX_REMOVALS,
  R7_ENUMS,
  R7_FOREIGN_KEYS,
  R7_INDEXES,
  R7_TABLES,
  type R7Column,
  type R7Index,
} from '../helpers/r7-contract.js';

interface ColumnShape {
  type: string;
  notNull: boolean;
  default: string | null;
  unique: boolean;
  generated: boolean;
}

// Our tables: public, not a partition (their names depend on the day the migrations ran), not owned by
// an extension (PostGIS's spatial_ref_sys).
const OUR_RELATIONS = `
  c.relnamespace = 'public'::regnamespace
  AND c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')`;

function expectedShape(column: R7Column): ColumnShape {
  return {
    type: catalogType(column.type),
    notNull: column.notNull ?? false,
    default: column.generated ? null : catalogDefault(column.default, column.type),
    unique: column.unique ?? false,
    generated: column.generated ?? false,
  };
}

function expectedTables(): Record<string, Record<string, ColumnShape>> {
  const tables: Record<string, Record<string, ColumnShape>> = {};
  for (const source of [R7_TABLES, DOCUMENTED_EXTRA_COLUMNS, DOCUMENTED_COLUMN_CHANGES]) {
    for (const [table, columns] of Object.entries(source)) {
      tables[table] ??= {};
      for (const [name, column] of Object.entries(columns)) tables[table]![name] = expectedShape(column);
    }
  }
  return tables;
}

async function liveTables(db: TestDatabase): Promise<Record<string, Record<string, ColumnShape>>> {
  const { rows } = await db.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    default: string | null;
    generated: string;
    unique: boolean;
  }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default, a.attgenerated AS generated,
           EXISTS (SELECT 1 FROM pg_constraint u
                   WHERE u.conrelid = c.oid AND u.contype = 'u' AND u.conkey = ARRAY[a.attnum]) AS unique
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE ${OUR_RELATIONS}
    ORDER BY c.relname, a.attnum`);
  const tables: Record<string, Record<string, ColumnShape>> = {};
  for (const row of rows) {
    const generated = row.generated === 's';
    tables[row.table] ??= {};
    tables[row.table]![row.column] = {
      type: row.type,
      notNull: row.not_null,
      default: generated ? null : row.default,
      unique: row.unique,
      generated,
    };
  }
  return tables;
}

function normalizeIndex(index: R7Index): Required<Omit<R7Index, 'where'>> & { where: string | null } {
  return { table: index.table, method: index.method, columns: index.columns, where: index.where ?? null, unique: index.unique ?? false };
}

for (const engine of engines()) {
  describe(`schema catalog matches R-7 on ${engine.name}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await engine.migrated();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('has exactly R-7’s tables and columns (type, nullability, default, uniqueness), with only the documented deviations', async () => {
      const live = await liveTables(db);
      expect(Object.keys(live).sort()).toEqual([...Object.keys(R7_TABLES), 'job_status_history'].sort());
      // One table at a time, so a mismatch names its table.
      const expected = expectedTables();
      for (const table of Object.keys(expected)) expect({ table, columns: live[table] }).toEqual({ table, columns: expected[table] });
    });

    it('never uses timestamp without time zone (documented deviation 1: timestamptz everywhere)', async () => {
      const { rows } = await db.query(`
        SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
        WHERE ${OUR_RELATIONS} AND a.atttypid = 'timestamp'::regtype`);
      expect(rows).toEqual([]);
    });

    it('keys every table on id, except location_history on (id, recorded_at) as documented for partitioning', async () => {
      const { rows } = await db.query<{ table: string; columns: string[] }>(`
        SELECT c.relname AS table, k.conname AS name,
               array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum ORDER BY u.n)::text[] AS columns
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE k.contype = 'p' AND ${OUR_RELATIONS}
        ORDER BY 1`);
      expect(rows).toEqual([
        { table: 'guard_profiles', name: 'guard_profiles_pkey', columns: ['id'] },
        { table: 'job_status_history', name: 'job_status_history_pkey', columns: ['id'] },
        { table: 'jobs', name: 'jobs_pkey', columns: ['id'] },
        { table: 'location_history', name: 'location_history_pkey', columns: ['id', 'recorded_at'] },
        { table: 'payments', name: 'payments_pkey', columns: ['id'] },
        { table: 'sessions', name: 'sessions_pkey', columns: ['id'] },
        { table: 'users', name: 'users_pkey', columns: ['id'] },
      ]);
    });

    it('has R-7’s eight enum types with their labels in R-7’s order, and no other enum', async () => {
      const { rows } = await db.query<{ name: string; labels: string[] }>(`
        SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace
        GROUP BY t.typname`);
      expect(Object.fromEntries(rows.map((r) => [r.name, r.labels]))).toEqual(R7_ENUMS);
    });

    it('has every R-7 index with its method, keys and partial predicate, and no undocumented index', async () => {
      const { rows } = await db.query<{
        name: string;
        table: string;
        method: R7Index['method'];
        columns: string[];
        where: string | null;
        unique: boolean;
      }>(`
        SELECT ic.relname AS name, c.relname AS table, am.amname AS method, i.indisunique AS unique,
               pg_get_expr(i.indpred, i.indrelid, true) AS where,
               array(SELECT pg_get_indexdef(i.indexrelid, k, true) || CASE WHEN i.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                     FROM generate_series(1, i.indnkeyatts) k ORDER BY k)::text[] AS columns
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_am am ON am.oid = ic.relam
        WHERE ${OUR_RELATIONS}
          -- primary keys, unique and exclusion constraints are checked with their constraints
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))`);
      const live = Object.fromEntries(rows.map(({ name, ...index }) => [name, index]));
      const expected = Object.fromEntries(
        Object.entries({ ...R7_INDEXES, ...DOCUMENTED_INDEX_CHANGES })
          .filter(([name]) => !DOCUMENTED_INDEX_REMOVALS.includes(name))
          .map(([name, index]) => [name, normalizeIndex(index)]),
      );
      for (const name of Object.keys(R7_INDEXES).filter((name) => !DOCUMENTED_INDEX_REMOVALS.includes(name)))
        expect({ name, index: live[name] }).toEqual({ name, index: expected[name] });
      expect(Object.keys(live).sort()).toEqual(Object.keys(expected).sort());
    });

    it('has the documented unique and exclusion constraints', async () => {
      const { rows } = await db.query<{ name: string; type: string }>(`
        SELECT k.conname AS name, k.contype::text AS type FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE k.contype IN ('u', 'x') AND ${OUR_RELATIONS} ORDER BY 1`);
      expect(rows).toEqual([
        { name: 'guard_profiles_user_id_key', type: 'u' },
        { name: 'jobs_guard_no_double_booking_excl', type: 'x' },
        { name: 'payments_stripe_payment_intent_id_key', type: 'u' },
        { name: 'sessions_refresh_token_key', type: 'u' },
        { name: 'sessions_session_token_key', type: 'u' },
        { name: 'users_email_key', type: 'u' },
        { name: 'users_stripe_account_id_key', type: 'u' },
        { name: 'users_stripe_customer_id_key', type: 'u' },
      ]);
    });

    it('has R-7 §3.3’s foreign keys with their ON DELETE rules, plus only the audit table’s documented ones', async () => {
      const { rows } = await db.query<{ key: string; on_delete: string }>(`
        SELECT c.relname || '.' || a.attname || ' -> ' || r.relname AS key,
               CASE k.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' WHEN 'n' THEN 'SET NULL'
                                  WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END AS on_delete
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_class r ON r.oid = k.confrelid
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND k.conparentid = 0 AND cardinality(k.conkey) = 1 AND ${OUR_RELATIONS}`);
      expect(Object.fromEntries(rows.map((r) => [r.key, r.on_delete]))).toEqual({ ...R7_FOREIGN_KEYS, ...DOCUMENTED_FOREIGN_KEYS });
    });

    it('generates duration_hours from the time range and stamps updated_at by trigger on every table that has it', async () => {
      const { rows: generated } = await db.query<{ expr: string }>(`
        SELECT pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d
        JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.adrelid = 'jobs'::regclass AND a.attname = 'duration_hours'`);
      expect(generated[0]?.expr).toMatch(/end_time - start_time/);
      const { rows: triggers } = await db.query<{ name: string }>(`
        SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND t.tgfoid = 'set_updated_at'::regproc AND ${OUR_RELATIONS} ORDER BY 1`);
      expect(triggers.map((t) => t.name)).toEqual([
        'guard_profiles_set_updated_at',
        'jobs_set_updated_at',
        'payments_set_updated_at',
        'users_set_updated_at',
      ]);
    });
  });
}
