import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedQuery } from '../../src/queries/named-query.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { MIGRATIONS_DIR, serverUrl } from '../helpers/engines.js';

/** R-7's service queries as shipped in sql/, on the demo data set. */
for (const engine of ['embedded', ...(serverUrl ? ['server'] : [])] as const) {
  describe(`named queries on ${engine}`, () => {
    let db: TestDatabase;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      db = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR, seed: 'demo', ...(engine === 'server' ? { url: serverUrl } : {}) });
      const { rows } = await db.query<{ email: string; id: string }>(`SELECT email, id FROM users WHERE email LIKE '%@demo.aegis.com'`);
      for (const row of rows) ids[row.email.split('@')[0]!] = row.id;
    });
    afterAll(async () => {
      await db?.close();
    });

    it('nearest-available-guards: available active guards, nearest first', async () => {
      const { rows } = await db.query(namedQuery('nearest-available-guards'), [-118.2437, 34.0522, 10]);
      expect(rows.length).toBeGreaterThan(0);
      const distances = rows.map((row) => Number(row.distance_miles));
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      const { rows: states } = await db.query(
        `SELECT bool_and(gp.availability_status = 'available' AND u.status = 'active') AS ok FROM guard_profiles gp JOIN users u ON u.id = gp.user_id WHERE u.id = ANY($1::uuid[])`,
        [rows.map((row) => row.user_id)],
      );
      expect(states[0].ok).toBe(true);
    });

    it('match-guards-for-job: the LA event job matches guards within 15 miles with enough clearance', async () => {
      const { rows: jobs } = await db.query(`SELECT id FROM jobs WHERE title = 'Corporate Event Security' AND status = 'requested' LIMIT 1`);
      const { rows } = await db.query(namedQuery('match-guards-for-job'), [jobs[0].id, 24140.1, 20]);
      const demoGuards = rows.map((row) => row.user_id).filter((id) => [ids.guard2, ids.guard3].includes(id));
      expect(demoGuards.sort()).toEqual([ids.guard2, ids.guard3].sort());
      expect(rows.map((row) => row.user_id)).not.toContain(ids.guard1);
      expect(rows.every((row) => Number(row.distance_miles) <= 15)).toBe(true);
    });

    it("guard-active-jobs: guard1's job in progress, with its customer", async () => {
      const { rows } = await db.query(namedQuery('guard-active-jobs'), [ids.guard1]);
      expect(rows.map((row) => row.status)).toEqual(['in_progress']);
      expect(rows[0].customer_id).toBe(ids.customer);
    });

    it("customer-payment-history: the demo customer's payments, newest first", async () => {
      const { rows } = await db.query(namedQuery('customer-payment-history'), [ids.customer]);
      expect(rows.filter((row) => row.payment_type === 'charge' && row.status === 'succeeded')).toHaveLength(3);
      const times = rows.map((row) => new Date(row.created_at).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('guard-pending-payouts and daily-reconciliation agree with the payments table', async () => {
      const { rows: expected } = await db.query(
        `SELECT payee_id, count(*)::int AS n FROM payments WHERE status = 'succeeded' AND stripe_payout_id IS NULL GROUP BY payee_id ORDER BY n DESC LIMIT 1`,
      );
      const { rows } = await db.query(namedQuery('guard-pending-payouts'), [expected[0].payee_id]);
      expect(rows).toHaveLength(expected[0].n);
      const { rows: days } = await db.query(namedQuery('daily-reconciliation'), [3650]);
      const { rows: total } = await db.query(`SELECT sum(amount_cents)::bigint AS cents FROM payments WHERE status = 'succeeded'`);
      expect(days.reduce((sum, row) => sum + BigInt(row.amount_cents), 0n)).toBe(BigInt(total[0].cents));
    });

    it("job-location-trail: guard1's trail on the job in progress, in recorded order", async () => {
      const { rows: jobs } = await db.query(`SELECT id FROM jobs WHERE guard_id = $1 AND status = 'in_progress'`, [ids.guard1]);
      const { rows } = await db.query(namedQuery('job-location-trail'), [ids.guard1, jobs[0].id]);
      expect(rows.length).toBeGreaterThan(1);
      const times = rows.map((row) => new Date(row.recorded_at).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(rows.every((row) => Math.abs(row.longitude + 118.25) < 1 && Math.abs(row.latitude - 34.05) < 1)).toBe(true);
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
        const { rows: jobs } = await client.query(`SELECT id FROM jobs WHERE title = 'Corporate Event Security' AND status = 'requested' LIMIT 1`);
        for (const [name, params] of [
          ['match-guards-for-job', [jobs[0].id, 24140.1, 20]],
          ['nearest-available-guards', [-118.2437, 34.0522, 10]],
        ] as const) {
          const { rows } = await client.query(`EXPLAIN ${namedQuery(name)}`, [...params]);
          const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
          expect(plan, name).toMatch(/Index Scan using idx_guard_profiles_available_location|Bitmap Index Scan on idx_guard_profiles_available_location/);
          expect(plan, name).not.toMatch(/Seq Scan on (users|guard_profiles)/);
        }
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });
  });
}
