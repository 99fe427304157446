import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedQuery } from '../../src/queries/named-query.js';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { withRollback } from '../helpers/with-rollback.js';

const GUARDS = 5000;
const JOBS = 40;

/** The formulation sql/match-guards-for-job.sql had before: the reference the shipped query must agree with, row for row. */
const PREVIOUS_MATCHING = readFileSync(
  join(import.meta.dirname, '..', '..', 'bench', 'baselines', 'match-guards-for-job-previous.sql'),
  'utf8',
);

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Order By'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function explain(client: pg.ClientBase, sql: string, params: unknown[]): Promise<PlanNode> {
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  return rows[0]['QUERY PLAN'][0].Plan as PlanNode;
}

/** GUARDS guards over greater Los Angeles (a twentieth of them inactive, 60 % available) and JOBS requested jobs. */
async function insertGuardsAndJobs(client: pg.ClientBase): Promise<string[]> {
  const h = (text: string) => `((hashtext(${text}) & 65535) / 65535.0)`;
  await client.query(
    `INSERT INTO users (email, password_hash, first_name, last_name, role, status)
     SELECT 'match-guard-' || i || '@plan.example.com', 'x', 'Match', 'Guard ' || i, 'guard',
            (CASE WHEN i % 20 = 0 THEN 'inactive' ELSE 'active' END)::user_status
       FROM generate_series(1, $1::int) AS i`,
    [GUARDS],
  );
  await client.query(
    `INSERT INTO guard_profiles (user_id, license_number, license_state, license_expiry_date, hourly_rate_cents,
                                 clearance_level, availability_status, current_location)
     SELECT u.id, 'MATCH-' || u.email, 'CA', date '2030-01-01', 2500 + (hashtext(u.email || 'r') & 4095),
            (ARRAY['basic', 'armed', 'executive'])[1 + (hashtext(u.email || 'c') & 1023) % 3]::guard_clearance_level,
            (CASE WHEN ${h("u.email || 'a'")} < 0.6 THEN 'available' ELSE 'offline' END)::guard_availability_status,
            ST_SetSRID(ST_MakePoint(-118.67 + ${h("u.email || 'x'")} * 1.02, 33.7 + ${h("u.email || 'y'")} * 0.64), 4326)::geography
       FROM users u WHERE u.email LIKE 'match-guard-%'`,
  );
  const { rows } = await client.query<{ id: string }>(
    `WITH customer AS (
       INSERT INTO users (email, password_hash, first_name, last_name, role, status)
       VALUES ('match-customer@plan.example.com', 'x', 'Match', 'Customer', 'customer', 'active') RETURNING id)
     INSERT INTO jobs (customer_id, title, job_type, location_address, location_coordinates, start_time, end_time,
                       hourly_rate_cents, total_amount_cents, platform_fee_cents, guard_payout_cents, required_clearance_level)
     SELECT customer.id, 'Match job ' || i, 'event', 'Los Angeles',
            ST_SetSRID(ST_MakePoint(-118.67 + ${h("'jx' || i")} * 1.02, 33.7 + ${h("'jy' || i")} * 0.64), 4326)::geography,
            now() + interval '1 day', now() + interval '1 day 4 hours', 3000, 12000, 1800, 10200,
            (ARRAY['basic', 'armed', 'executive'])[1 + i % 3]::guard_clearance_level
       FROM generate_series(1, $1::int) AS i, customer
     RETURNING id`,
    [JOBS],
  );
  for (const table of ['users', 'guard_profiles', 'jobs']) await client.query(`ANALYZE ${table}`);
  return rows.map((row) => row.id);
}

for (const engine of engines()) {
  describe(`R-7 §8.1 matching (sql/match-guards-for-job.sql) at ${GUARDS} guards on ${engine.name}`, () => {
    let db: TestDatabase;
    let jobs: string[];
    beforeAll(async () => {
      db = await engine.migrated();
      const client = await db.pool.connect();
      try {
        jobs = await insertGuardsAndJobs(client);
      } finally {
        client.release();
      }
    });
    afterAll(async () => {
      await db?.close();
    });

    it('walks idx_guard_profiles_available_location nearest first and stops at the limit: no sort of every guard in the radius', async () => {
      await withRollback(db, async (client) => {
        const plan = await explain(client, namedQuery('match-guards-for-job'), [jobs[0], 24140.1, 20]);
        const all = nodes(plan);
        const knn = all.find((node) => node['Index Name'] === 'idx_guard_profiles_available_location');
        expect(knn, JSON.stringify(plan)).toBeDefined();
        expect(knn!['Node Type']).toBe('Index Scan');
        expect(knn!['Order By']).toMatch(/current_location <-> /);
        expect(
          all.filter((node) => node['Node Type'] === 'Seq Scan' && ['users', 'guard_profiles'].includes(node['Relation Name']!)),
        ).toEqual([]);
        expect(all.map((node) => node['Index Name']).filter(Boolean)).toContain('users_pkey');
        // The only sort is of the rows the limit let through, above the subquery's Limit.
        const limit = all.find((node) => node['Node Type'] === 'Limit')!;
        expect(nodes(limit).some((node) => node['Node Type'] === 'Sort')).toBe(false);
      });
    });

    it('returns exactly the rows of the previous formulation, for every job, radius and limit', async () => {
      await withRollback(db, async (client) => {
        let compared = 0;
        let matched = 0;
        for (const [radius, limit] of [
          [24140.1, 20],
          [1500, 20],
          [24140.1, 150],
          [90000, 3],
        ] as const) {
          for (const job of jobs) {
            const expected = await client.query(PREVIOUS_MATCHING, [job, radius, limit]);
            const actual = await client.query(namedQuery('match-guards-for-job'), [job, radius, limit]);
            expect(actual.rows, `job ${job}, radius ${radius}, limit ${limit}`).toEqual(expected.rows);
            compared += 1;
            matched += expected.rows.length;
          }
        }
        expect(compared).toBe(4 * JOBS);
        // The data exercise both a full limit and a radius that cuts the list short.
        expect(matched).toBeGreaterThan(JOBS * 20);
      });
    });
  });
}
