import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/generated/types.js';
import { registerAegisTypes } from '../../src/pg-types/load-aegis-types.js';
import {
  customerPaymentHistory,
  dailyReconciliation,
  guardActiveJobs,
  guardPendingPayouts,
  jobLocationTrail,
  matchGuardsForJob,
  matchGuardsForJobQuery,
  matchGuardsForJobRowSchema,
  namedQueries,
  nearestAvailableGuards,
  nearestAvailableGuardsQuery,
  type MatchGuardsForJobRow,
} from '../../src/queries/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { MIGRATIONS_DIR, serverUrl } from '../helpers/engines.js';

/** R-7's service queries as shipped in sql/, through their typed functions, on the demo data set. */
for (const engine of ['embedded', ...(serverUrl ? ['server'] : [])] as const) {
  describe(`named queries on ${engine}`, () => {
    let db: TestDatabase;
    let pool: pg.Pool;
    const ids: Record<string, string> = {};
    let eventJobId: string;
    // Every call validates its rows with the query's zod row schema: rows match their declared types.
    const checked = { validate: true };
    beforeAll(async () => {
      db = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR, seed: 'demo', ...(engine === 'server' ? { url: serverUrl } : {}) });
      pool = new pg.Pool({ connectionString: db.url, max: 2 });
      await registerAegisTypes(pool);
      const { rows } = await db.query<{ email: string; id: string }>(`SELECT email, id FROM users WHERE email LIKE '%@demo.aegis.com'`);
      for (const row of rows) ids[row.email.split('@')[0]!] = row.id;
      const { rows: jobs } = await db.query(
        `SELECT id FROM jobs WHERE title = 'Corporate Event Security' AND status = 'requested' LIMIT 1`,
      );
      eventJobId = jobs[0].id;
    });
    afterAll(async () => {
      await pool?.end();
      await db?.close();
    });

    it('nearest-available-guards: available active guards, nearest first', async () => {
      const rows = await nearestAvailableGuards(pool, { longitude: -118.2437, latitude: 34.0522, limit: 10 }, checked);
      expect(rows.length).toBeGreaterThan(0);
      const distances = rows.map((row) => row.distance_miles);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      const { rows: states } = await db.query(
        `SELECT bool_and(gp.availability_status = 'available' AND u.status = 'active') AS ok FROM guard_profiles gp JOIN users u ON u.id = gp.user_id WHERE u.id = ANY($1::uuid[])`,
        [rows.map((row) => row.user_id)],
      );
      expect(states[0].ok).toBe(true);
    });

    it('match-guards-for-job: the LA event job matches guards within 15 miles with enough clearance (radius and limit by default)', async () => {
      const rows = await matchGuardsForJob(pool, { jobId: eventJobId }, checked);
      const demoGuards = rows.map((row) => row.user_id).filter((id) => [ids.guard2, ids.guard3].includes(id));
      expect(demoGuards.sort()).toEqual([ids.guard2, ids.guard3].sort());
      expect(rows.map((row) => row.user_id)).not.toContain(ids.guard1);
      expect(rows.every((row) => row.distance_miles <= 15)).toBe(true);
      expect(await matchGuardsForJob(pool, { jobId: eventJobId, radiusMeters: 24140.1, limit: 20 })).toEqual(rows);
      expect(await matchGuardsForJob(pool, { jobId: eventJobId, limit: 1 })).toHaveLength(1);
    });

    it("guard-active-jobs: guard1's job in progress, with its customer", async () => {
      const rows = await guardActiveJobs(pool, { guardId: ids.guard1! }, checked);
      expect(rows.map((row) => row.status)).toEqual(['in_progress']);
      expect(rows[0]!.customer_id).toBe(ids.customer);
      expect(rows[0]!.start_time).toBeInstanceOf(Date);
    });

    it("customer-payment-history: the demo customer's payments, newest first", async () => {
      const rows = await customerPaymentHistory(pool, { customerId: ids.customer! }, checked);
      expect(rows.filter((row) => row.payment_type === 'charge' && row.status === 'succeeded')).toHaveLength(3);
      const times = rows.map((row) => row.created_at.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('guard-pending-payouts and daily-reconciliation agree with the payments table', async () => {
      const { rows: expected } = await db.query(
        `SELECT payee_id, count(*)::int AS n FROM payments WHERE status = 'succeeded' AND stripe_payout_id IS NULL GROUP BY payee_id ORDER BY n DESC LIMIT 1`,
      );
      expect(await guardPendingPayouts(pool, { guardId: expected[0].payee_id }, checked)).toHaveLength(expected[0].n);
      const days = await dailyReconciliation(pool, { days: 3650 }, checked);
      const { rows: total } = await db.query(`SELECT sum(amount_cents)::bigint AS cents FROM payments WHERE status = 'succeeded'`);
      expect(days.reduce((sum, row) => sum + BigInt(row.amount_cents), 0n)).toBe(BigInt(total[0].cents));
      expect(days.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(row.day))).toBe(true);
    });

    it("job-location-trail: guard1's trail on the job in progress, in recorded order", async () => {
      const { rows: jobs } = await db.query(`SELECT id FROM jobs WHERE guard_id = $1 AND status = 'in_progress'`, [ids.guard1]);
      const rows = await jobLocationTrail(pool, { guardId: ids.guard1!, jobId: jobs[0].id }, checked);
      expect(rows.length).toBeGreaterThan(1);
      const times = rows.map((row) => row.recorded_at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(rows.every((row) => Math.abs(row.longitude + 118.25) < 1 && Math.abs(row.latitude - 34.05) < 1)).toBe(true);
    });

    it('every query returns rows on the demo data that pass its row schema', async () => {
      const { rows: jobs } = await db.query(`SELECT id FROM jobs WHERE guard_id = $1 AND status = 'in_progress'`, [ids.guard1]);
      const { rows: payee } = await db.query(
        `SELECT payee_id FROM payments WHERE status = 'succeeded' AND stripe_payout_id IS NULL LIMIT 1`,
      );
      const params: { [K in keyof typeof namedQueries]: Parameters<(typeof namedQueries)[K]['run']>[1] } = {
        'customer-payment-history': { customerId: ids.customer! },
        'daily-reconciliation': { days: 3650 },
        'guard-active-jobs': { guardId: ids.guard1! },
        'guard-pending-payouts': { guardId: payee[0].payee_id },
        'job-location-trail': { guardId: ids.guard1!, jobId: jobs[0].id },
        'match-guards-for-job': { jobId: eventJobId },
        'nearest-available-guards': { longitude: -118.2437, latitude: 34.0522 },
      };
      for (const [name, query] of Object.entries(namedQueries)) {
        const rows = await query.run(pool, params[name as keyof typeof params] as never);
        expect(rows.length, name).toBeGreaterThan(0);
        for (const row of rows) expect(() => query.rowSchema.parse(row), name).not.toThrow();
      }
    });

    it('runs on Kysely: the typed function given a Kysely instance or transaction, and compile() with CompiledQuery.raw', async () => {
      const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      const viaPg = await matchGuardsForJob(pool, { jobId: eventJobId });
      expect(await matchGuardsForJob(kysely, { jobId: eventJobId }, checked)).toEqual(viaPg);
      const inTransaction = await kysely.transaction().execute((trx) => matchGuardsForJob(trx, { jobId: eventJobId }));
      expect(inTransaction).toEqual(viaPg);
      const compiled = matchGuardsForJobQuery.compile({ jobId: eventJobId });
      const raw = await kysely.executeQuery<MatchGuardsForJobRow>(CompiledQuery.raw(compiled.sql, compiled.parameters));
      expect(raw.rows).toEqual(viaPg);
      expect(raw.rows.map((row) => matchGuardsForJobRowSchema.parse(row))).toEqual(viaPg);
    });

    it('refuses a missing required parameter before sending anything', async () => {
      await expect(matchGuardsForJob(pool, {} as never)).rejects.toThrow('named query match-guards-for-job: parameter jobId is required');
    });

    it('match-guards-for-job and nearest-available-guards are served by indexes at 5,000 guards (no Seq Scan on users or guard_profiles)', async () => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO users (email, password_hash, first_name, last_name, role, status)
          SELECT 'plan-guard-' || i || '@plan.example.com', 'x', 'Plan', 'Guard', 'guard', 'active' FROM generate_series(1, 5000) AS i`);
        await client.query(`INSERT INTO guard_profiles (user_id, license_number, license_state, license_expiry_date, hourly_rate_cents,
                                                        clearance_level, availability_status, current_location)
          SELECT u.id, 'PLAN-' || u.email, 'CA', date '2030-01-01', 3000,
                 (ARRAY['basic', 'armed', 'executive'])[1 + (hashtext(u.email) & 1023) % 3]::guard_clearance_level,
                 CASE WHEN hashtext(u.email) % 5 = 0 THEN 'offline' ELSE 'available' END::guard_availability_status,
                 ST_SetSRID(ST_MakePoint(-118.67 + (hashtext(u.email || 'x') & 65535) / 65535.0, 33.7 + (hashtext(u.email || 'y') & 65535) / 102400.0), 4326)::geography
            FROM users u WHERE u.email LIKE 'plan-guard-%'`);
        await client.query('ANALYZE users');
        await client.query('ANALYZE guard_profiles');
        await client.query('ANALYZE jobs');
        for (const compiled of [
          matchGuardsForJobQuery.compile({ jobId: eventJobId, radiusMeters: 24140.1, limit: 20 }),
          nearestAvailableGuardsQuery.compile({ longitude: -118.2437, latitude: 34.0522, limit: 10 }),
        ]) {
          const { rows } = await client.query(`EXPLAIN ${compiled.sql}`, compiled.parameters);
          const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
          expect(plan, compiled.sql).toMatch(
            /Index Scan using idx_guard_profiles_available_location|Bitmap Index Scan on idx_guard_profiles_available_location/,
          );
          expect(plan, compiled.sql).not.toMatch(/Seq Scan on (users|guard_profiles)/);
        }
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });
  });
}
