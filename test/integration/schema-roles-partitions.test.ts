import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { pgFailure } from '../helpers/pg-failure.js';
import { insertGuard, insertJob, insertUser, LA, setJobStatus } from '../helpers/schema-fixtures.js';
import { withRollback } from '../helpers/with-rollback.js';

const TABLES = ['users', 'guard_profiles', 'jobs', 'job_status_history', 'location_history', 'payments', 'sessions'];

/** The UTC day partition a timestamp expression (relative to now()) belongs to, computed by the database. */
const partitionOf = (offset: string) => `'location_history_p' || to_char((now() + interval '${offset}') AT TIME ZONE 'UTC', 'YYYYMMDD')`;

for (const engine of engines()) {
  describe(`roles and location partitions on ${engine.name}`, () => {
    let db: TestDatabase;
    const fixture = { customer: '', guard: '', job: '' };
    beforeAll(async () => {
      db = await engine.migrated();
      fixture.customer = await insertUser(db);
      fixture.guard = await insertGuard(db, { location: LA.downtown });
      fixture.job = await insertJob(db, { customerId: fixture.customer, startsIn: '-3 hours', lasts: '8 hours' });
      await setJobStatus(db, fixture.job, 'matched', fixture.guard);
      await setJobStatus(db, fixture.job, 'in_progress');
    });
    afterAll(async () => {
      await db?.close();
    });

    it('stores a late offline upload from 29 days ago, and one 20 hours ahead, in their UTC day partitions', async () => {
      await withRollback(db, async (client) => {
        // The daily maintenance call. The migration already created 31 days back through 7 ahead; an
        // embedded database starts from a snapshot migrated on an earlier day, where it may add the newest days.
        const { rows: created } = await client.query<{ name: string }>('SELECT location_history_ensure_partitions() AS name');
        if (engine.name === 'server') expect(created).toEqual([]);

        for (const offset of ['-29 days', '20 hours', '0 seconds']) {
          const { rows } = await client.query(
            `INSERT INTO location_history (guard_id, job_id, location, recorded_at, is_offline_upload)
             VALUES ($1, $2, ST_GeogFromText($3), now() + interval '${offset}', true)
             RETURNING tableoid::regclass::text AS partition, ${partitionOf(offset)} AS expected`,
            [fixture.guard, fixture.job, LA.downtown],
          );
          expect({ offset, partition: rows[0].partition }).toEqual({ offset, partition: rows[0].expected });
        }
      });
    });

    it('catches a row outside every day partition in location_history_default, and ensure_partitions moves it into the day it creates', async () => {
      await withRollback(db, async (client) => {
        const insert = await client.query(
          `INSERT INTO location_history (guard_id, location, recorded_at) VALUES ($1, ST_GeogFromText($2), now() - interval '400 days')
           RETURNING id, tableoid::regclass::text AS partition, ((now() - interval '400 days') AT TIME ZONE 'UTC')::date::text AS day`,
          [fixture.guard, LA.downtown],
        );
        const { id, partition, day } = insert.rows[0];
        expect(partition).toBe('location_history_default');

        const { rows: created } = await client.query('SELECT location_history_ensure_partitions($1::date, $1::date) AS name', [day]);
        expect(created).toEqual([{ name: `location_history_p${day.replaceAll('-', '')}` }]);
        const { rows: moved } = await client.query('SELECT tableoid::regclass::text AS partition FROM location_history WHERE id = $1', [
          id,
        ]);
        expect(moved).toEqual([{ partition: `location_history_p${day.replaceAll('-', '')}` }]);
        // Idempotent.
        expect((await client.query('SELECT location_history_ensure_partitions($1::date, $1::date)', [day])).rows).toEqual([]);
        // A partition made later gets the roles' privileges through the default privileges.
        const { rows: grants } = await client.query(
          `SELECT has_table_privilege('aegis_app', $1, 'SELECT, INSERT, UPDATE, DELETE') AS app_dml,
                  has_table_privilege('aegis_app', $1, 'TRUNCATE') AS app_truncate,
                  has_table_privilege('aegis_readonly', $1, 'SELECT') AS readonly_select,
                  has_table_privilege('aegis_readonly', $1, 'INSERT') AS readonly_insert`,
          [`location_history_p${day.replaceAll('-', '')}`],
        );
        expect(grants).toEqual([{ app_dml: true, app_truncate: false, readonly_select: true, readonly_insert: false }]);
      });
    });

    it('refuses partition maintenance over NULL or more than 367 days (22023)', async () => {
      await withRollback(db, async (client) => {
        expect((await pgFailure(client, 'SELECT location_history_ensure_partitions(NULL, current_date)')).code).toBe('22023');
        expect((await pgFailure(client, 'SELECT location_history_ensure_partitions(current_date, current_date + 367)')).code).toBe('22023');
        expect((await pgFailure(client, 'SELECT location_history_drop_partitions_before(NULL)')).code).toBe('22023');
      });
    });

    it('drops only day partitions wholly older than the cutoff, never the default partition', async () => {
      await withRollback(db, async (client) => {
        await client.query(
          `INSERT INTO location_history (guard_id, location, recorded_at) VALUES ($1, ST_GeogFromText($2), now() - interval '29 days')`,
          [fixture.guard, LA.downtown],
        );
        const { rows } = await client.query<{ name: string; oldest_kept: string }>(
          `SELECT name, 'location_history_p' || to_char((now() AT TIME ZONE 'UTC')::date - 30, 'YYYYMMDD') AS oldest_kept
           FROM location_history_drop_partitions_before(((now() AT TIME ZONE 'UTC')::date - 30)::timestamp AT TIME ZONE 'UTC') AS name`,
        );
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row.name < row.oldest_kept).toBe(true);
        const { rows: left } = await client.query(`
          SELECT to_regclass('location_history_default') IS NOT NULL AS default_kept,
                 (SELECT count(*)::int FROM location_history WHERE recorded_at < now() - interval '28 days') AS recent_rows`);
        expect(left).toEqual([{ default_kept: true, recent_rows: 1 }]);
      });
    });

    it('lets aegis_app read and write every application table through the lifecycle', async () => {
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_app');
        const customer = await insertUser(client);
        const guard = await insertGuard(client, { location: LA.koreatown });
        const job = await insertJob(client, { customerId: customer });
        await setJobStatus(client, job, 'matched', guard);
        await client.query(`INSERT INTO location_history (guard_id, job_id, location) VALUES ($1, $2, ST_GeogFromText($3))`, [
          guard,
          job,
          LA.koreatown,
        ]);
        await client.query(
          `INSERT INTO payments (job_id, payer_id, payee_id, payment_type, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents)
           VALUES ($1, $2, $3, 'charge', 10000, 1500, 320, 8500)`,
          [job, customer, guard],
        );
        await client.query(`INSERT INTO sessions (user_id, session_token, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [
          customer,
          `tok-${customer}`,
        ]);
        await client.query(`UPDATE guard_profiles SET availability_status = 'busy' WHERE user_id = $1`, [guard]);
        await client.query(`UPDATE payments SET status = 'succeeded' WHERE job_id = $1`, [job]);
        await client.query(`DELETE FROM sessions WHERE user_id = $1`, [customer]);
        await client.query(`DELETE FROM location_history WHERE job_id = $1`, [job]);
        const { rows: history } = await client.query(
          `SELECT from_status, to_status FROM job_status_history WHERE job_id = $1 ORDER BY id`,
          [job],
        );
        expect(history).toEqual([
          { from_status: null, to_status: 'requested' },
          { from_status: 'requested', to_status: 'matched' },
        ]);
        const { rows } = await client.query('SELECT current_user AS role');
        expect(rows[0].role).toBe('aegis_app');
      });
    });

    it('refuses aegis_app any DDL, TRUNCATE, audit writes and partition drops with 42501', async () => {
      const refused = [
        'CREATE TABLE app_owned (id int)',
        'ALTER TABLE users ADD COLUMN nickname text',
        'ALTER TABLE jobs DROP CONSTRAINT jobs_guard_no_double_booking_excl',
        'CREATE INDEX idx_app_owned ON users (bio)',
        'DROP TABLE sessions',
        'TRUNCATE users CASCADE',
        'TRUNCATE location_history',
        'TRUNCATE payments',
        `INSERT INTO job_status_history (job_id, to_status) VALUES ('${fixture.job}', 'paid')`,
        `UPDATE job_status_history SET reason = 'forged'`,
        'DELETE FROM job_status_history',
        `SELECT location_history_drop_partitions_before(now())`,
        'SELECT location_history_ensure_partitions(current_date, current_date + 8)',
        `DELETE FROM payments`,
        `DELETE FROM jobs WHERE id = '${fixture.job}'`,
        'CREATE SCHEMA app_schema',
      ];
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_app');
        for (const sql of refused) expect({ sql, code: (await pgFailure(client, sql)).code }).toEqual({ sql, code: '42501' });
      });
    });

    it('lets aegis_readonly SELECT every application table and nothing else (42501)', async () => {
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_readonly');
        for (const table of TABLES) {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
          expect(rows[0].n).toBeGreaterThanOrEqual(table === 'users' || table === 'jobs' || table === 'job_status_history' ? 1 : 0);
        }
        const refused = [
          `INSERT INTO users (email, password_hash, first_name, last_name) VALUES ('ro@example.test', 'x', 'R', 'O')`,
          `UPDATE users SET bio = 'x'`,
          'DELETE FROM sessions',
          `UPDATE jobs SET title = 'x'`,
          `INSERT INTO location_history (guard_id, location) VALUES ('${fixture.guard}', ST_GeogFromText('${LA.downtown}'))`,
          'DELETE FROM payments',
          'TRUNCATE sessions',
          'CREATE TABLE ro_owned (id int)',
          'SELECT location_history_ensure_partitions()',
        ];
        for (const sql of refused) expect({ sql, code: (await pgFailure(client, sql)).code }).toEqual({ sql, code: '42501' });
      });
    });
  });
}
