import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { pgFailure } from '../helpers/pg-failure.js';
import { advanceJob, insertGuard, insertJob, insertUser, JOB_STATUSES, setJobStatus, type JobStatus } from '../helpers/schema-fixtures.js';
import { withRollback } from '../helpers/with-rollback.js';

// R-7 §2.3's status flow: exactly these seven transitions are legal.
const LEGAL = new Set([
  'requested>matched',
  'matched>in_progress',
  'in_progress>completed',
  'completed>paid',
  'requested>cancelled',
  'matched>cancelled',
  'in_progress>cancelled',
]);
const PAIRS: [JobStatus, JobStatus][] = JOB_STATUSES.flatMap((from) =>
  JOB_STATUSES.filter((to) => to !== from).map((to): [JobStatus, JobStatus] => [from, to]),
);
const LEGAL_PAIRS = PAIRS.filter(([from, to]) => LEGAL.has(`${from}>${to}`));
const ILLEGAL_PAIRS = PAIRS.filter(([from, to]) => !LEGAL.has(`${from}>${to}`));

for (const engine of engines()) {
  describe(`job lifecycle on ${engine.name}`, () => {
    let db: TestDatabase;
    // Committed once; every test works inside its own rolled-back transaction.
    const fixture = { customer: '', guard: '', admin: '', job: '', payment: '' };

    beforeAll(async () => {
      db = await engine.migrated();
      fixture.customer = await insertUser(db, { firstName: 'Carla' });
      fixture.guard = await insertGuard(db, { firstName: 'Gary' });
      fixture.admin = await insertUser(db, { role: 'admin', firstName: 'Ada' });
      fixture.job = await insertJob(db, { customerId: fixture.customer, startsIn: '-3 days' });
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO payments (job_id, payer_id, payee_id, payment_type, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents)
         VALUES ($1, $2, $3, 'charge', 10000, 1180, 320, 8500) RETURNING id`,
        [fixture.job, fixture.customer, fixture.guard],
      );
      fixture.payment = rows[0]!.id;
    });
    afterAll(async () => {
      await db?.close();
    });

    it('covers all 30 ordered pairs of distinct statuses, 7 of them legal', () => {
      expect(PAIRS).toHaveLength(30);
      expect(LEGAL_PAIRS).toHaveLength(7);
      expect(ILLEGAL_PAIRS).toHaveLength(23);
    });

    it.each(LEGAL_PAIRS)('allows %s -> %s', async (from, to) => {
      await withRollback(db, async (client) => {
        const job = await insertJob(client, { customerId: fixture.customer });
        await advanceJob(client, job, from, fixture.guard);
        await setJobStatus(client, job, to, fixture.guard);
        const { rows } = await client.query('SELECT status FROM jobs WHERE id = $1', [job]);
        expect(rows[0].status).toBe(to);
      });
    });

    it.each(ILLEGAL_PAIRS)('rejects %s -> %s with SQLSTATE AG001 naming both statuses', async (from, to) => {
      await withRollback(db, async (client) => {
        const job = await insertJob(client, { customerId: fixture.customer });
        await advanceJob(client, job, from, fixture.guard);
        const failure = await pgFailure(
          client,
          `UPDATE jobs SET status = $2::job_status, guard_id = coalesce(guard_id, $3::uuid) WHERE id = $1`,
          [job, to, fixture.guard],
        );
        expect(failure).toMatchObject({
          code: 'AG001',
          message: `invalid job status transition: ${from} -> ${to}`,
          table: 'jobs',
          column: 'status',
        });
        expect(failure.detail).toContain(job);
        const { rows } = await client.query('SELECT status FROM jobs WHERE id = $1', [job]);
        expect(rows[0].status).toBe(from);
      });
    });

    it('accepts an insert only with status requested', async () => {
      await withRollback(db, async (client) => {
        const failure = await pgFailure(
          client,
          `INSERT INTO jobs (customer_id, guard_id, title, job_type, status, location_address, location_coordinates, start_time, end_time,
                             hourly_rate_cents, total_amount_cents, platform_fee_cents, guard_payout_cents)
           VALUES ($1, $2, 'Inserted matched', 'patrol', 'matched', 'x', ST_GeogFromText('POINT(-118.2437 34.0522)'), now(), now() + interval '1 hour', 2500, 2500, 0, 0)`,
          [fixture.customer, fixture.guard],
        );
        expect(failure).toMatchObject({ code: 'AG001', message: 'invalid job status transition: (new) -> matched' });
      });
    });

    it('treats setting the current status again as no transition: allowed and not audited', async () => {
      await withRollback(db, async (client) => {
        const job = await insertJob(client, { customerId: fixture.customer });
        await advanceJob(client, job, 'matched', fixture.guard);
        await client.query(`UPDATE jobs SET status = 'matched' WHERE id = $1`, [job]);
        const { rows } = await client.query('SELECT count(*)::int AS n FROM job_status_history WHERE job_id = $1', [job]);
        expect(rows[0].n).toBe(2);
      });
    });

    it('fills in the timestamp a transition implies, and keeps one the caller set', async () => {
      await withRollback(db, async (client) => {
        const { rows: now } = await client.query<{ now: Date }>('SELECT now()');
        const job = await insertJob(client, { customerId: fixture.customer });
        await advanceJob(client, job, 'completed', fixture.guard);
        const { rows } = await client.query('SELECT guard_checked_in_at, completed_at, cancelled_at FROM jobs WHERE id = $1', [job]);
        expect(rows[0]).toEqual({ guard_checked_in_at: now[0]!.now, completed_at: now[0]!.now, cancelled_at: null });

        const cancelled = await insertJob(client, { customerId: fixture.customer });
        await client.query(
          `UPDATE jobs SET status = 'cancelled', cancelled_at = '2026-01-02T03:04:05Z', cancellation_reason = 'customer changed plans' WHERE id = $1`,
          [cancelled],
        );
        const { rows: c } = await client.query('SELECT cancelled_at FROM jobs WHERE id = $1', [cancelled]);
        expect(c[0].cancelled_at).toEqual(new Date('2026-01-02T03:04:05Z'));
      });
    });

    it('writes one job_status_history row per change, with changed_by and reason from the session settings', async () => {
      await withRollback(db, async (client) => {
        const job = await insertJob(client, { customerId: fixture.customer });
        await client.query(
          `SELECT set_config('aegis.user_id', $1, true), set_config('aegis.status_reason', 'assigned by dispatch', true)`,
          [fixture.admin],
        );
        await setJobStatus(client, job, 'matched', fixture.guard);
        await client.query(`SELECT set_config('aegis.user_id', $1, true), set_config('aegis.status_reason', '', true)`, [fixture.guard]);
        await setJobStatus(client, job, 'in_progress');
        await client.query(`SELECT set_config('aegis.user_id', '', true)`);
        await client.query(`UPDATE jobs SET status = 'cancelled', cancellation_reason = 'site closed' WHERE id = $1`, [job]);
        const { rows } = await client.query(
          'SELECT from_status, to_status, changed_by, reason, changed_at = now() AS at_now FROM job_status_history WHERE job_id = $1 ORDER BY id',
          [job],
        );
        expect(rows).toEqual([
          { from_status: null, to_status: 'requested', changed_by: null, reason: null, at_now: true },
          { from_status: 'requested', to_status: 'matched', changed_by: fixture.admin, reason: 'assigned by dispatch', at_now: true },
          { from_status: 'matched', to_status: 'in_progress', changed_by: fixture.guard, reason: null, at_now: true },
          // No aegis.status_reason: the cancellation reason is recorded.
          { from_status: 'in_progress', to_status: 'cancelled', changed_by: null, reason: 'site closed', at_now: true },
        ]);
      });
    });

    it('rejects an aegis.user_id that is no user (23503) or no uuid (22P02)', async () => {
      await withRollback(db, async (client) => {
        const job = await insertJob(client, { customerId: fixture.customer });
        await client.query(`SELECT set_config('aegis.user_id', '00000000-0000-4000-8000-000000000000', true)`);
        expect(await pgFailure(client, `UPDATE jobs SET status = 'cancelled' WHERE id = $1`, [job])).toMatchObject({
          code: '23503',
          constraint: 'job_status_history_changed_by_fkey',
        });
        await client.query(`SELECT set_config('aegis.user_id', 'not-a-uuid', true)`);
        expect((await pgFailure(client, `UPDATE jobs SET status = 'cancelled' WHERE id = $1`, [job])).code).toBe('22P02');
      });
    });

    it('computes duration_hours from the time range, rounded to 0.01 h, and rejects more than 999.99 h (22003)', async () => {
      await withRollback(db, async (client) => {
        const cases: [string, string][] = [
          ['2 hours 30 minutes', '2.50'],
          ['45 minutes', '0.75'],
          ['20 minutes', '0.33'],
          ['999 hours 59 minutes 24 seconds', '999.99'],
        ];
        for (const [lasts, hours] of cases) {
          const job = await insertJob(client, { customerId: fixture.customer, lasts });
          const { rows } = await client.query('SELECT duration_hours FROM jobs WHERE id = $1', [job]);
          expect({ lasts, hours: rows[0].duration_hours }).toEqual({ lasts, hours });
        }
        const job = await insertJob(client, { customerId: fixture.customer });
        await client.query(`UPDATE jobs SET end_time = start_time + interval '3 hours 6 minutes' WHERE id = $1`, [job]);
        expect((await client.query('SELECT duration_hours FROM jobs WHERE id = $1', [job])).rows[0].duration_hours).toBe('3.10');
        expect((await pgFailure(client, `UPDATE jobs SET end_time = start_time + interval '1000 hours' WHERE id = $1`, [job])).code).toBe(
          '22003',
        );
      });
    });

    it('moves updated_at to the transaction time on every update of users, guard_profiles, jobs and payments', async () => {
      const targets: [string, string, string][] = [
        ['users', `id = '${fixture.customer}'`, `bio = 'updated'`],
        ['guard_profiles', `user_id = '${fixture.guard}'`, `hourly_rate_cents = 2600`],
        ['jobs', `id = '${fixture.job}'`, `description = 'updated'`],
        ['payments', `id = '${fixture.payment}'`, `failure_message = 'updated'`],
      ];
      await withRollback(db, async (client) => {
        for (const [table, where, set] of targets) {
          // The fixture rows were committed by an earlier transaction, so their updated_at is older than now().
          const { rows } = await client.query(
            `WITH before AS (SELECT updated_at FROM ${table} WHERE ${where})
             UPDATE ${table} SET ${set} WHERE ${where}
             RETURNING updated_at = now() AS stamped, (SELECT updated_at FROM before) < now() AS was_older`,
          );
          expect({ table, ...rows[0] }).toEqual({ table, stamped: true, was_older: true });
        }
      });
    });
  });
}
