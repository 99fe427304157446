import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, MIGRATIONS_DIR, schemaSnapshot, type TestDatabase } from '../helpers/engines.js';
import { CUSTOMERS, ORDERS, prepareHazardTarget } from '../helpers/hazard-migrations.js';
import { traceMigrations } from '../../src/migrations/plan/trace-migrations.js';
import type { MigrationPlan, TraceOn } from '../../src/migrations/plan/plan-report.js';
import { renderPlanMarkdown } from '../../src/migrations/plan/render-plan.js';
import { databaseTarget } from '../../src/database/target.js';
import { migrate } from '../../src/migrations/migrate.js';
import { migrationStatus } from '../../src/migrations/status.js';
import { isAegisError } from '../../src/errors/aegis-error.js';

const snapshot = schemaSnapshot;

/** Every counter pg_stat_user_tables keeps, per table: any write or scan by the trace would move one. */
async function tableCounters(db: TestDatabase): Promise<Record<string, unknown>> {
  const client = await db.pool.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query(
      `SELECT schemaname || '.' || relname AS name, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup, n_dead_tup
         FROM pg_stat_user_tables WHERE schemaname <> 'aegis_meta' ORDER BY 1`,
    );
    return Object.fromEntries(rows.map(({ name, ...counters }) => [name, counters]));
  } finally {
    client.release();
  }
}

async function totalBytes(db: TestDatabase, table: string): Promise<number> {
  const { rows } = await db.query(`SELECT pg_total_relation_size($1::regclass)::bigint::text AS bytes`, [table]);
  return Number(rows[0].bytes);
}

// A trace starts an engine, replays the applied migrations (cached on the embedded engine) and runs each
// pending statement: minutes on a loaded machine when the target is itself embedded in this process.
const TRACE_TIMEOUT = 900_000;

const brief = (plan: MigrationPlan) =>
  plan.findings.map((f) => ({
    id: f.id,
    level: f.level,
    file: f.file,
    line: f.line,
    relation: f.relation,
    ...(f.allowed ? { allowed: f.allowed } : {}),
  }));

for (const engine of engines()) {
  const traceOns: TraceOn[] = engine.name === 'server' ? ['server', 'embedded'] : ['embedded'];
  describe(`migrate plan, target on ${engine.name}`, () => {
    let db: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      db = await engine.migrated();
      dir = await prepareHazardTarget(db.url);
    }, TRACE_TIMEOUT);
    afterAll(async () => {
      await db?.close();
    });

    for (const traceOn of traceOns) {
      describe(`traced on ${traceOn}`, () => {
        let plan: MigrationPlan;
        let before: { schema: string; counters: Record<string, unknown> };
        beforeAll(async () => {
          before = { schema: await snapshot(db), counters: await tableCounters(db) };
          plan = await traceMigrations(databaseTarget(db.url), { migrationsDir: dir, traceOn });
        }, TRACE_TIMEOUT);

        it('finds exactly the seeded hazards, weighed by the target sizes', async () => {
          expect(plan.error).toBeUndefined();
          expect(plan.drift).toEqual([]);
          expect(brief(plan)).toEqual([
            { id: 'table-rewrite', level: 'hazard', file: '20270101000200_volatile_default', line: 2, relation: 'plan_orders' },
            { id: 'table-rewrite', level: 'hazard', file: '20270101000300_column_type', line: 2, relation: 'plan_orders' },
            { id: 'require-concurrent-index-creation', level: 'hazard', file: '20270101000400_index', line: 2, relation: 'plan_orders' },
            { id: 'constraint-missing-not-valid', level: 'hazard', file: '20270101000500_foreign_key', line: 2, relation: 'plan_orders' },
            { id: 'adding-not-nullable-field', level: 'hazard', file: '20270101000600_set_not_null', line: 2, relation: 'plan_orders' },
            {
              id: 'lock-held-across-statements',
              level: 'hazard',
              file: '20270101000900_held_lock',
              line: 3,
              relation: 'plan_customers',
              allowed: { by: 'inline', reason: 'the update matches no row' },
            },
            { id: 'lock-without-timeout', level: 'notice', file: '20270101001000_no_lock_timeout', line: 3, relation: 'plan_empty' },
            { id: 'table-rewrite', level: 'notice', file: '20270101001100_empty_rewrite', line: 2, relation: 'plan_empty' },
          ]);
        });

        it("reports each table's estimated rows and total size from the target's statistics", async () => {
          const orders = plan.findings.find((f) => f.relation === 'plan_orders')!;
          expect(orders.size).toEqual({ rows: ORDERS, bytes: await totalBytes(db, 'plan_orders') });
          expect(orders.message).toBe(
            `rewrites plan_orders (10k rows, ${orders.message.match(/, ([\d.]+ [kM]B)\)/)![1]}) under ACCESS EXCLUSIVE`,
          );
          const customers = plan.findings.find((f) => f.relation === 'plan_customers')!;
          expect(customers.size).toEqual({ rows: CUSTOMERS, bytes: await totalBytes(db, 'plan_customers') });
          expect(customers.message).toMatch(/^ACCESS EXCLUSIVE on plan_customers \(1,000 rows, [\d.]+ kB\) held across 1 later statement/);
          expect(plan.findings.find((f) => f.relation === 'plan_empty')!.size.rows).toBe(0);
        });

        it('reports per statement its locks, rewrites, index builds, constraints, NOT NULL columns and enum labels', () => {
          const at = (file: string, line = 2) => plan.statements.find((s) => s.file === file && s.line === line)!;
          const modes = (file: string, line = 2) =>
            at(file, line)
              .locks.filter((l) => !l.table)
              .map((l) => `${l.mode} ${l.relation}`)
              .sort();
          expect(plan.statements.map((s) => `${s.file}:${s.line}`)).toHaveLength(14);
          expect(
            at('20270101000200_volatile_default')
              .rewrites.map((r) => r.relation)
              .sort(),
          ).toEqual(['plan_orders', 'plan_orders_pkey']);
          expect(modes('20270101000200_volatile_default')).toContain('ACCESS EXCLUSIVE plan_orders');
          expect(at('20270101000300_column_type').rewrites.map((r) => r.relation)).toContain('plan_orders');
          expect(at('20270101000400_index').indexesBuilt).toEqual([
            { index: 'plan_orders_status_idx', table: 'plan_orders', concurrently: false, createdInFile: false },
          ]);
          expect(modes('20270101000400_index')).toEqual(['SHARE plan_orders']);
          expect(at('20270101000500_foreign_key').constraintsAdded).toEqual([
            {
              name: 'plan_orders_customer_fk',
              table: 'plan_orders',
              type: 'foreign key',
              notValid: false,
              references: 'plan_customers',
              createdInFile: false,
            },
          ]);
          expect(modes('20270101000500_foreign_key')).toEqual(
            expect.arrayContaining(['SHARE ROW EXCLUSIVE plan_customers', 'SHARE ROW EXCLUSIVE plan_orders']),
          );
          expect(at('20270101000600_set_not_null').notNullSet).toEqual([
            { table: 'plan_orders', column: 'customer_id', createdInFile: false, provenByCheck: false },
          ]);
          expect(at('20270101000700_enum_value').enumValuesAdded).toEqual([{ type: 'plan_status', value: 'refunded' }]);
          expect(at('20270101000700_enum_value').locks).toEqual([]);
          const created = at('20270101000800_new_table', 7);
          expect(created.indexesBuilt).toEqual([
            { index: 'plan_notes_order_id_idx', table: 'plan_notes', concurrently: false, createdInFile: true },
          ]);
          expect(created.locks.every((l) => l.createdInFile)).toBe(true);
          expect(at('20270101001000_no_lock_timeout', 3).lockTimeout).toBe('0');
          const concurrent = at('20270101001200_concurrent_index', 3);
          expect(concurrent.inTransaction).toBe(false);
          expect(concurrent.indexesBuilt).toEqual([
            { index: 'plan_orders_amount_idx', table: 'plan_orders', concurrently: true, createdInFile: false },
          ]);
          expect(concurrent.locks).toEqual([
            { relation: 'plan_orders', kind: 'table', mode: 'SHARE UPDATE EXCLUSIVE', createdInFile: false, observed: false },
          ]);
        });

        it('renders a markdown report for a pull request', () => {
          const markdown = renderPlanMarkdown(plan);
          expect(markdown).toContain('5 hazards (+1 allowed), 2 notices in 11 pending migrations');
          expect(markdown).toContain('| ❌ hazard | `table-rewrite` | `20270101000200_volatile_default.sql:2` |');
          expect(markdown).toContain('| ✅ allowed: the update matches no row | `lock-held-across-statements` |');
        });

        it("never writes to the target: its schema and every table's counters are unchanged", async () => {
          expect(await snapshot(db)).toBe(before.schema);
          expect(await tableCounters(db)).toEqual(before.counters);
        });
      });
    }

    it(
      'migrate up refuses the hazards on a database marked production and applies nothing; allowed, it applies them',
      async () => {
        const { rows } = await db.query('SELECT current_database() AS name');
        await db.query(`ALTER DATABASE ${rows[0].name} SET aegis.environment = 'production'`);
        const pendingBefore = (await migrationStatus({ target: databaseTarget(db.url), migrationsDir: dir })).pending;
        const refused = await migrate({
          target: databaseTarget(db.url),
          migrationsDir: dir,
          direction: 'up',
          hazardGate: { when: 'production' },
        }).catch((error: unknown) => error);
        expect(isAegisError(refused) && refused.code).toBe('HAZARD');
        expect((refused as Error).message).toBe(
          'refusing to migrate: 5 hazard(s) not allowed and the database is marked production; nothing was applied',
        );
        expect((await migrationStatus({ target: databaseTarget(db.url), migrationsDir: dir })).pending).toEqual(pendingBefore);
        const allowed = await migrate({
          target: databaseTarget(db.url),
          migrationsDir: dir,
          direction: 'up',
          hazardGate: {
            when: 'production',
            allow: ['table-rewrite', 'require-concurrent-index-creation', 'constraint-missing-not-valid', 'adding-not-nullable-field'],
          },
        });
        expect(allowed.error).toBeUndefined();
        expect((await migrationStatus({ target: databaseTarget(db.url), migrationsDir: dir })).pending).toEqual([]);
      },
      2 * TRACE_TIMEOUT,
    );
  });
}

describe('migrate plan of the shipped migrations on an empty database', () => {
  for (const engine of engines()) {
    it(
      `${engine.name}: traced on the embedded engine, whose cluster starts with PostGIS created, it reports no drift`,
      async () => {
        const db = await engine.empty();
        try {
          const plan = await traceMigrations(databaseTarget(db.url), { migrationsDir: MIGRATIONS_DIR, traceOn: 'embedded' });
          expect(plan.error).toBeUndefined();
          expect(plan.pending.length).toBeGreaterThan(20);
          expect(plan.drift).toEqual([]);
        } finally {
          await db.close();
        }
      },
      TRACE_TIMEOUT,
    );
  }
});
