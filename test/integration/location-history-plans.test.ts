import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedQuery } from '../../src/queries/named-query.js';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { withRollback } from '../helpers/with-rollback.js';

const GUARDS = 30;
const DAYS = 4;
/** A point a minute over 160 minutes of shift per guard and day: 19,200 rows over four daily partitions. */
const PINGS = 160;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** Which partitions each plan reads with which index, and which it reads whole. */
async function explain(client: pg.ClientBase, sql: string, params: unknown[]): Promise<{ indexes: Set<string>; seqScans: string[] }> {
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const all = nodes(rows[0]['QUERY PLAN'][0].Plan as PlanNode);
  // Partition indexes are named after their parent index's columns: location_history_pYYYYMMDD_<columns>_idx.
  const indexes = new Set(all.flatMap((node) => (node['Index Name'] ? [node['Index Name'].replace(/^location_history_p\d{8}_/, '')] : [])));
  return { indexes, seqScans: all.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name']!) };
}

for (const engine of engines()) {
  describe(`location_history: R-7's queries are index-served on ${engine.name}`, () => {
    let db: TestDatabase;
    let guard: string;
    let job: string;
    /** The partitions holding rows: the ones a Seq Scan would really read (an empty partition costs nothing to scan). */
    let populated: string[];
    beforeAll(async () => {
      db = await engine.migrated();
      const client = await db.pool.connect();
      try {
        await client.query(
          `INSERT INTO users (email, password_hash, first_name, last_name, role, status)
           SELECT 'plan-guard-' || g || '@plan.example.com', 'x', 'Plan', 'Guard', 'guard', 'active' FROM generate_series(1, $1::int) AS g`,
          [GUARDS],
        );
        await client.query(
          `WITH customer AS (
             INSERT INTO users (email, password_hash, first_name, last_name, role, status)
             VALUES ('plan-customer@plan.example.com', 'x', 'Plan', 'Customer', 'customer', 'active') RETURNING id)
           INSERT INTO jobs (customer_id, title, job_type, location_address, location_coordinates, start_time, end_time,
                             hourly_rate_cents, total_amount_cents, platform_fee_cents, guard_payout_cents, metadata)
           SELECT customer.id, 'Plan shift', 'patrol', 'Los Angeles', ST_GeogFromText('POINT(-118.2437 34.0522)'),
                  date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - (d || ' days')::interval + interval '8 hours',
                  date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - (d || ' days')::interval + interval '12 hours',
                  3000, 12000, 1800, 10200, jsonb_build_object('guard', u.id, 'day', d)
             FROM customer, users u, generate_series(1, $1::int) AS d
            WHERE u.email LIKE 'plan-guard-%'`,
          [DAYS],
        );
        await client.query(
          `INSERT INTO location_history (guard_id, job_id, location, accuracy_meters, recorded_at, uploaded_at)
           SELECT (j.metadata->>'guard')::uuid, CASE WHEN m % 10 = 0 THEN NULL ELSE j.id END,
                  ST_SetSRID(ST_MakePoint(-118.2437 + (m % 17) * 0.0001, 34.0522 + (m % 13) * 0.0001), 4326)::geography,
                  5, j.start_time + m * interval '1 minute', j.start_time + m * interval '1 minute' + interval '2 seconds'
             FROM jobs j, generate_series(0, $1::int - 1) AS m
            WHERE j.metadata ? 'guard'
            ORDER BY j.start_time + m * interval '1 minute'`,
          [PINGS],
        );
        await client.query('ANALYZE location_history');
        const { rows: sample } = await client.query(
          `SELECT j.id AS job, (j.metadata->>'guard')::uuid AS guard FROM jobs j WHERE j.metadata->>'day' = '2' ORDER BY j.metadata->>'guard' LIMIT 1`,
        );
        ({ job, guard } = sample[0]);
        const { rows } = await client.query(`SELECT DISTINCT tableoid::regclass::text AS name FROM location_history`);
        populated = rows.map((row) => row.name);
      } finally {
        client.release();
      }
      // Nineteen thousand GPS points through five indexes take minutes on the embedded engine of a busy machine.
    }, 600_000);
    afterAll(async () => {
      await db?.close();
    });

    const readsNoPopulatedPartitionWhole = (seqScans: string[]) => expect(seqScans.filter((name) => populated.includes(name))).toEqual([]);

    it('holds the test rows in four day partitions', () => {
      expect(populated).toHaveLength(DAYS);
    });

    it("§2.4 / §5.3 a guard's trail on a job (sql/job-location-trail.sql): the guard/job index, in order", async () => {
      await withRollback(db, async (client) => {
        const plan = await explain(client, namedQuery('job-location-trail'), [guard, job]);
        expect([...plan.indexes]).toContain('guard_id_job_id_recorded_at_idx');
        readsNoPopulatedPartitionWhole(plan.seqScans);
        const { rows } = await client.query(namedQuery('job-location-trail'), [guard, job]);
        expect(rows).toHaveLength(PINGS - PINGS / 10);
      });
    });

    it("§2.4 a guard's last known location: the guard/job index's leading column, newest point first", async () => {
      await withRollback(db, async (client) => {
        const sql = `SELECT location, recorded_at FROM location_history WHERE guard_id = $1 ORDER BY recorded_at DESC LIMIT 1`;
        const plan = await explain(client, sql, [guard]);
        expect([...plan.indexes]).toContain('guard_id_job_id_recorded_at_idx');
        readsNoPopulatedPartitionWhole(plan.seqScans);
        const { rows } = await client.query(sql, [guard]);
        const { rows: newest } = await client.query(`SELECT max(recorded_at) AS at FROM location_history WHERE guard_id = $1`, [guard]);
        expect(rows[0].recorded_at).toEqual(newest[0].at);
      });
    });

    it("a guard's points by guard alone (privacy forget, ON DELETE CASCADE from users): the guard/job index, since idx_location_history_guard_id is gone", async () => {
      await withRollback(db, async (client) => {
        const plan = await explain(client, `SELECT count(*) FROM location_history WHERE guard_id = $1`, [guard]);
        expect([...plan.indexes]).toContain('guard_id_job_id_recorded_at_idx');
        readsNoPopulatedPartitionWhole(plan.seqScans);
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'idx_location_history_guard_id'`);
        expect(rows[0].n).toBe(0);
      });
    });

    it("a job's points (ON DELETE CASCADE from jobs): idx_location_history_job_id", async () => {
      await withRollback(db, async (client) => {
        const plan = await explain(client, `SELECT count(*) FROM location_history WHERE job_id = $1`, [job]);
        expect([...plan.indexes]).toContain('job_id_idx');
        readsNoPopulatedPartitionWhole(plan.seqScans);
      });
    });

    it('a time range inside a partition (the part of a day straddling the retention cutoff): only that partition, through the BRIN index idx_location_history_recorded_at', async () => {
      await withRollback(db, async (client) => {
        const { rows } = await client.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_location_history_recorded_at'`);
        expect(rows[0].indexdef).toMatch(/USING brin \(recorded_at\)/);
        // The test partitions hold a few hundred pages, where reading one whole is as cheap as the index: the
        // planner is asked to prefer any index, to show the BRIN index serves the range.
        await client.query('SET LOCAL enable_seqscan = off');
        const { rows: day } = await client.query(
          `SELECT min(recorded_at) + interval '2 hours' AS cutoff FROM location_history WHERE job_id = $1`,
          [job],
        );
        const sql = `SELECT count(*) FROM location_history WHERE recorded_at >= date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AND recorded_at < $1`;
        const plan = await explain(client, sql, [day[0].cutoff]);
        expect([...plan.indexes]).toEqual(['recorded_at_idx']);
        expect(plan.seqScans).toEqual([]);
      });
    });

    it('new rows get time-ordered version 7 ids from gen_uuid_v7()', async () => {
      await withRollback(db, async (client) => {
        const ids: string[] = [];
        for (let i = 0; i < 3; i += 1) {
          const { rows } = await client.query(
            `INSERT INTO location_history (guard_id, location) VALUES ($1, ST_GeogFromText('POINT(-118.2437 34.0522)')) RETURNING id::text, clock_timestamp() AS at`,
            [guard],
          );
          ids.push(rows[0].id);
          await client.query('SELECT pg_sleep(0.002)');
        }
        for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect([...ids].sort()).toEqual(ids);
        const { rows } = await client.query(
          `SELECT abs(extract(epoch FROM clock_timestamp()) * 1000 - ('x' || substr(replace($1, '-', ''), 1, 12))::bit(48)::bigint) < 60000 AS recent`,
          [ids[2]],
        );
        expect(rows[0].recent).toBe(true);
      });
    });
  });
}
