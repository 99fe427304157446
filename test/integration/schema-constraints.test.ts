import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { pgFailure } from '../helpers/pg-failure.js';
import { advanceJob, insertGuard, insertJob, insertUser, LA, setJobStatus, type Queryable } from '../helpers/schema-fixtures.js';
import { withRollback } from '../helpers/with-rollback.js';

/** Committed rows every test starts from (each test rolls its own changes back). */
interface Fixture {
  customer: string;
  guard: string;
  otherGuard: string;
  requested: string;
  matched: string;
  inProgress: string;
  completed: string;
  cancelled: string;
  location: string;
  payment: string;
  session: string;
}

interface CheckCase {
  constraint: string;
  /** Violates this constraint: SQLSTATE 23514 naming it. */
  bad: string;
  /** The constraint PostgreSQL names when `bad` cannot avoid breaking another one too (it checks in name order). */
  reportedAs?: string;
  /** The boundary value, accepted. */
  ok: string;
}

const point = `ST_GeogFromText('${LA.downtown}')`;

const PLACEHOLDER: Fixture = {
  customer: '',
  guard: '',
  otherGuard: '',
  requested: '',
  matched: '',
  inProgress: '',
  completed: '',
  cancelled: '',
  location: '',
  payment: '',
  session: '',
};

function checkCases(f: Fixture): (CheckCase & { label?: string })[] {
  const users = (set: string) => `UPDATE users SET ${set} WHERE id = '${f.customer}'`;
  const guards = (set: string) => `UPDATE guard_profiles SET ${set} WHERE user_id = '${f.guard}'`;
  const job = (id: string, set: string) => `UPDATE jobs SET ${set} WHERE id = '${id}'`;
  const loc = (set: string) => `UPDATE location_history SET ${set} WHERE id = '${f.location}'`;
  const pay = (set: string) => `UPDATE payments SET ${set} WHERE id = '${f.payment}'`;
  const ses = (set: string) => `UPDATE sessions SET ${set} WHERE id = '${f.session}'`;
  const history = (from: string, to: string) =>
    `INSERT INTO job_status_history (job_id, from_status, to_status) VALUES ('${f.requested}', '${from}', '${to}')`;
  return [
    { constraint: 'users_email_lowercase_check', bad: users(`email = 'Upper@example.test'`), ok: users(`email = 'upper@example.test'`) },
    { constraint: 'users_email_format_check', bad: users(`email = 'no-at-sign.example.test'`), ok: users(`email = 'a@b.co'`) },
    {
      constraint: 'users_background_check_status_check',
      bad: users(`background_check_status = 'checkr_unknown'`),
      ok: users(`background_check_status = 'checkr_consider'`),
    },
    { constraint: 'users_metadata_check', bad: users(`metadata = '[]'`), ok: users(`metadata = '{}'`) },

    { constraint: 'guard_profiles_license_state_check', bad: guards(`license_state = 'ZZ'`), ok: guards(`license_state = 'MP'`) },
    { constraint: 'guard_profiles_license_number_check', bad: guards(`license_number = '   '`), ok: guards(`license_number = 'X'`) },
    {
      constraint: 'guard_profiles_current_location_wgs84_check',
      bad: guards(`current_location = 'POINT(NaN 34)'`),
      ok: guards(`current_location = 'POINT(-180 90)'`),
    },
    { constraint: 'guard_profiles_hourly_rate_cents_check', bad: guards('hourly_rate_cents = -1'), ok: guards('hourly_rate_cents = 0') },
    {
      constraint: 'guard_profiles_total_jobs_completed_check',
      bad: guards('total_jobs_completed = -1'),
      ok: guards('total_jobs_completed = 0'),
    },
    { constraint: 'guard_profiles_total_hours_worked_check', bad: guards('total_hours_worked = -1'), ok: guards('total_hours_worked = 0') },
    {
      constraint: 'guard_profiles_average_rating_check',
      label: 'above 5',
      bad: guards('average_rating = 5.01'),
      ok: guards('average_rating = 5.00'),
    },
    {
      constraint: 'guard_profiles_average_rating_check',
      label: 'below 0',
      bad: guards('average_rating = -0.01'),
      ok: guards('average_rating = 0.00'),
    },
    {
      constraint: 'guard_profiles_availability_window_check',
      bad: guards('available_from = now(), available_until = now()'),
      ok: guards(`available_from = now(), available_until = now() + interval '1 microsecond'`),
    },
    { constraint: 'guard_profiles_skills_check', bad: guards(`skills = '["patrol", 1]'`), ok: guards(`skills = '["patrol"]'`) },
    {
      constraint: 'guard_profiles_certifications_check',
      bad: guards(`certifications = '{"cpr": true}'`),
      ok: guards(`certifications = '[]'`),
    },
    { constraint: 'guard_profiles_metadata_check', bad: guards(`metadata = '"text"'`), ok: guards(`metadata = '{"a": 1}'`) },

    {
      constraint: 'jobs_time_range_check',
      bad: job(f.requested, 'end_time = start_time'),
      ok: job(f.requested, `end_time = start_time + interval '1 microsecond'`),
    },
    {
      constraint: 'jobs_customer_guard_check',
      bad: job(f.matched, 'guard_id = customer_id'),
      ok: job(f.matched, `guard_id = '${f.otherGuard}'`),
    },
    {
      constraint: 'jobs_hourly_rate_cents_check',
      bad: job(f.requested, 'hourly_rate_cents = -1'),
      ok: job(f.requested, 'hourly_rate_cents = 0'),
    },
    {
      // A negative total always breaks jobs_amount_split_check too (both shares are >= 0), and that
      // name sorts first: jobs_total_amount_cents_check is implied by the other three money checks.
      constraint: 'jobs_total_amount_cents_check',
      reportedAs: 'jobs_amount_split_check',
      bad: job(f.requested, 'total_amount_cents = -1, platform_fee_cents = 0, guard_payout_cents = 0'),
      ok: job(f.requested, 'total_amount_cents = 0, platform_fee_cents = 0, guard_payout_cents = 0'),
    },
    {
      constraint: 'jobs_platform_fee_cents_check',
      bad: job(f.requested, 'platform_fee_cents = -1'),
      ok: job(f.requested, 'platform_fee_cents = 0'),
    },
    {
      constraint: 'jobs_guard_payout_cents_check',
      bad: job(f.requested, 'guard_payout_cents = -1'),
      ok: job(f.requested, 'guard_payout_cents = 0'),
    },
    {
      constraint: 'jobs_amount_split_check',
      bad: job(f.requested, 'platform_fee_cents = 1501, guard_payout_cents = 8500'),
      ok: job(f.requested, 'platform_fee_cents = 1500, guard_payout_cents = 8500'),
    },
    {
      constraint: 'jobs_required_skills_check',
      bad: job(f.requested, `required_skills = '[1]'`),
      ok: job(f.requested, `required_skills = '["patrol"]'`),
    },
    { constraint: 'jobs_metadata_check', bad: job(f.requested, `metadata = '[]'`), ok: job(f.requested, `metadata = '{}'`) },
    // A cancelled job may keep the guard it had; a requested one has none.
    {
      constraint: 'jobs_guard_status_check',
      bad: job(f.requested, `guard_id = '${f.guard}'`),
      ok: job(f.cancelled, `guard_id = '${f.guard}'`),
    },
    {
      constraint: 'jobs_checked_in_status_check',
      bad: job(f.matched, 'guard_checked_in_at = now()'),
      ok: job(f.inProgress, 'guard_checked_in_at = now()'),
    },
    {
      constraint: 'jobs_checked_out_check',
      bad: job(f.inProgress, `guard_checked_out_at = guard_checked_in_at - interval '1 microsecond'`),
      ok: job(f.inProgress, 'guard_checked_out_at = guard_checked_in_at'),
    },
    {
      constraint: 'jobs_check_in_location_check',
      bad: job(f.requested, `check_in_location = ${point}`),
      ok: job(f.inProgress, `check_in_location = ${point}`),
    },
    {
      constraint: 'jobs_check_out_location_check',
      bad: job(f.inProgress, `check_out_location = ${point}`),
      ok: job(f.inProgress, `guard_checked_out_at = now(), check_out_location = ${point}`),
    },
    // Coordinates: the boundary is the corner of the WGS84 range; an empty point is refused.
    {
      constraint: 'jobs_location_coordinates_wgs84_check',
      bad: job(f.requested, `location_coordinates = 'POINT EMPTY'`),
      ok: job(f.requested, `location_coordinates = 'SRID=4326;POINT(180 90)'`),
    },
    {
      constraint: 'jobs_check_in_location_wgs84_check',
      bad: job(f.inProgress, `check_in_location = 'POINT(NaN NaN)'`),
      ok: job(f.inProgress, `check_in_location = 'POINT(-180 -90)'`),
    },
    {
      constraint: 'jobs_check_out_location_wgs84_check',
      bad: job(f.inProgress, `guard_checked_out_at = now(), check_out_location = 'POINT EMPTY'`),
      ok: job(f.inProgress, `guard_checked_out_at = now(), check_out_location = 'POINT(180 -90)'`),
    },
    {
      constraint: 'jobs_completed_at_status_check',
      bad: job(f.requested, 'completed_at = now()'),
      ok: job(f.completed, 'completed_at = now()'),
    },
    {
      constraint: 'jobs_cancelled_at_status_check',
      bad: job(f.requested, 'cancelled_at = now()'),
      ok: job(f.cancelled, 'cancelled_at = now()'),
    },
    {
      constraint: 'jobs_cancellation_reason_check',
      bad: job(f.requested, `cancellation_reason = 'x'`),
      ok: job(f.cancelled, `cancellation_reason = 'x'`),
    },
    {
      constraint: 'jobs_customer_rating_check',
      label: 'below 1',
      bad: job(f.completed, 'customer_rating = 0'),
      ok: job(f.completed, 'customer_rating = 1'),
    },
    {
      constraint: 'jobs_customer_rating_check',
      label: 'above 5',
      bad: job(f.completed, 'customer_rating = 6'),
      ok: job(f.completed, 'customer_rating = 5'),
    },
    {
      constraint: 'jobs_guard_rating_check',
      label: 'below 1',
      bad: job(f.completed, 'guard_rating = 0'),
      ok: job(f.completed, 'guard_rating = 1'),
    },
    {
      constraint: 'jobs_guard_rating_check',
      label: 'above 5',
      bad: job(f.completed, 'guard_rating = 6'),
      ok: job(f.completed, 'guard_rating = 5'),
    },
    { constraint: 'jobs_rating_status_check', bad: job(f.requested, 'customer_rating = 5'), ok: job(f.completed, 'customer_rating = 5') },

    { constraint: 'job_status_history_change_check', bad: history('matched', 'matched'), ok: history('requested', 'matched') },

    { constraint: 'location_history_accuracy_meters_check', bad: loc('accuracy_meters = -0.01'), ok: loc('accuracy_meters = 0') },
    { constraint: 'location_history_speed_mps_check', bad: loc('speed_mps = -0.01'), ok: loc('speed_mps = 0') },
    {
      constraint: 'location_history_heading_degrees_check',
      label: 'above 360',
      bad: loc('heading_degrees = 360.01'),
      ok: loc('heading_degrees = 360'),
    },
    {
      constraint: 'location_history_heading_degrees_check',
      label: 'below 0',
      bad: loc('heading_degrees = -0.01'),
      ok: loc('heading_degrees = 0'),
    },
    { constraint: 'location_history_location_wgs84_check', bad: loc(`location = 'POINT EMPTY'`), ok: loc(`location = 'POINT(-180 90)'`) },
    {
      constraint: 'location_history_recorded_at_check',
      label: 'more than a day ahead',
      bad: loc(`recorded_at = now() + interval '1 day 1 second'`),
      ok: loc(`recorded_at = now() + interval '1 day'`),
    },
    {
      constraint: 'location_history_recorded_at_check',
      label: 'before 2000',
      bad: loc(`recorded_at = '1999-12-31 23:59:59+00'`),
      ok: loc(`recorded_at = '2000-01-01 00:00:00+00'`),
    },
    { constraint: 'location_history_device_type_check', bad: loc(`device_type = 'blackberry'`), ok: loc(`device_type = 'web'`) },

    { constraint: 'payments_payer_payee_check', bad: pay('payee_id = payer_id'), ok: pay(`payee_id = '${f.otherGuard}'`) },
    {
      constraint: 'payments_amount_cents_check',
      bad: pay('amount_cents = -1, platform_fee_cents = 0, stripe_fee_cents = 0, guard_payout_cents = 0, refund_amount_cents = 0'),
      ok: pay('amount_cents = 0, platform_fee_cents = 0, stripe_fee_cents = 0, guard_payout_cents = 0, refund_amount_cents = 0'),
    },
    { constraint: 'payments_platform_fee_cents_check', bad: pay('platform_fee_cents = -1'), ok: pay('platform_fee_cents = 0') },
    { constraint: 'payments_stripe_fee_cents_check', bad: pay('stripe_fee_cents = -1'), ok: pay('stripe_fee_cents = 0') },
    { constraint: 'payments_guard_payout_cents_check', bad: pay('guard_payout_cents = -1'), ok: pay('guard_payout_cents = 0') },
    // The fixture charge is R-7's: 1500 (platform) + 8500 (guard) = 10000, with Stripe's 320 beside it.
    { constraint: 'payments_amount_split_check', bad: pay('guard_payout_cents = 8501'), ok: pay('guard_payout_cents = 8500') },
    {
      constraint: 'payments_stripe_fee_cents_amount_check',
      bad: pay('stripe_fee_cents = amount_cents + 1'),
      ok: pay('stripe_fee_cents = amount_cents'),
    },
    {
      constraint: 'payments_refund_amount_cents_check',
      label: 'below 0',
      bad: pay('refund_amount_cents = -1'),
      ok: pay('refund_amount_cents = 0'),
    },
    {
      constraint: 'payments_refund_amount_cents_check',
      label: 'above the amount',
      bad: pay('refund_amount_cents = amount_cents + 1'),
      ok: pay('refund_amount_cents = amount_cents'),
    },
    { constraint: 'payments_metadata_check', bad: pay(`metadata = 'null'`), ok: pay(`metadata = '{}'`) },

    {
      constraint: 'sessions_expires_at_check',
      bad: ses('expires_at = created_at'),
      ok: ses(`expires_at = created_at + interval '1 microsecond'`),
    },
    { constraint: 'sessions_device_type_check', bad: ses(`device_type = 'tv'`), ok: ses(`device_type = 'android'`) },
  ];
}

/** Statements that copy a fixture row's unique value onto another row: each must fail with 23505 naming the constraint. */
function uniqueCases(f: Fixture): [string, string][] {
  const copy = (table: string, column: string, fromId: string, toId: string, key = 'id') =>
    `UPDATE ${table} SET ${column} = (SELECT ${column} FROM ${table} WHERE ${key} = '${fromId}') WHERE ${key} = '${toId}'`;
  return [
    ['users_email_key', copy('users', 'email', f.customer, f.guard)],
    ['users_stripe_customer_id_key', copy('users', 'stripe_customer_id', f.customer, f.guard)],
    ['users_stripe_account_id_key', copy('users', 'stripe_account_id', f.guard, f.otherGuard)],
    ['guard_profiles_user_id_key', copy('guard_profiles', 'user_id', f.guard, f.otherGuard, 'user_id')],
    [
      'idx_guard_profiles_license',
      `UPDATE guard_profiles SET (license_number, license_state) = (SELECT license_number, license_state FROM guard_profiles WHERE user_id = '${f.guard}') WHERE user_id = '${f.otherGuard}'`,
    ],
    [
      'payments_stripe_payment_intent_id_key',
      `INSERT INTO payments (job_id, payer_id, payee_id, payment_type, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents, stripe_payment_intent_id)
       SELECT job_id, payer_id, payee_id, payment_type, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents, stripe_payment_intent_id FROM payments WHERE id = '${f.payment}'`,
    ],
    [
      'sessions_session_token_key',
      `INSERT INTO sessions (user_id, session_token, expires_at) SELECT user_id, session_token, expires_at FROM sessions WHERE id = '${f.session}'`,
    ],
    [
      'sessions_refresh_token_key',
      `INSERT INTO sessions (user_id, session_token, refresh_token, expires_at) SELECT user_id, 'another', refresh_token, expires_at FROM sessions WHERE id = '${f.session}'`,
    ],
  ];
}

async function createFixture(db: TestDatabase): Promise<Fixture> {
  const customer = await insertUser(db, { firstName: 'Carla' });
  const guard = await insertGuard(db, { firstName: 'Gary' });
  const otherGuard = await insertGuard(db, { firstName: 'Olga' });
  await db.query(`UPDATE users SET stripe_customer_id = 'cus_fixture' WHERE id = $1`, [customer]);
  await db.query(`UPDATE users SET stripe_account_id = 'acct_fixture' WHERE id = $1`, [guard]);
  const requested = await insertJob(db, { customerId: customer, startsIn: '30 days' });
  const matched = await insertJob(db, { customerId: customer, startsIn: '10 days' });
  await advanceJob(db, matched, 'matched', guard);
  const inProgress = await insertJob(db, { customerId: customer, startsIn: '-1 hour' });
  await advanceJob(db, inProgress, 'in_progress', otherGuard);
  const completed = await insertJob(db, { customerId: customer, startsIn: '-3 days' });
  await advanceJob(db, completed, 'completed', guard);
  const cancelled = await insertJob(db, { customerId: customer, startsIn: '5 days' });
  await advanceJob(db, cancelled, 'cancelled');
  const { rows: loc } = await db.query<{ id: string }>(
    `INSERT INTO location_history (guard_id, job_id, location, device_type) VALUES ($1, $2, ST_GeogFromText($3), 'ios') RETURNING id`,
    [otherGuard, inProgress, LA.downtown],
  );
  const { rows: pay } = await db.query<{ id: string }>(
    `INSERT INTO payments (job_id, payer_id, payee_id, payment_type, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents, stripe_payment_intent_id)
     VALUES ($1, $2, $3, 'charge', 10000, 1500, 320, 8500, 'pi_fixture') RETURNING id`,
    [completed, customer, guard],
  );
  const { rows: ses } = await db.query<{ id: string }>(
    `INSERT INTO sessions (user_id, session_token, refresh_token, expires_at, device_type) VALUES ($1, 'tok_fixture', 'ref_fixture', now() + interval '7 days', 'web') RETURNING id`,
    [customer],
  );
  return {
    customer,
    guard,
    otherGuard,
    requested,
    matched,
    inProgress,
    completed,
    cancelled,
    location: loc[0]!.id,
    payment: pay[0]!.id,
    session: ses[0]!.id,
  };
}

async function count(client: Queryable, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return rows[0]!.n;
}

for (const engine of engines()) {
  describe(`schema constraints on ${engine.name}`, () => {
    let db: TestDatabase;
    let f: Fixture;
    beforeAll(async () => {
      db = await engine.migrated();
      f = await createFixture(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('has a test case below for every CHECK constraint in the schema', async () => {
      const { rows } = await db.query<{ name: string }>(`
        SELECT DISTINCT k.conname AS name FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE k.contype = 'c' AND c.relnamespace = 'public'::regnamespace AND NOT c.relispartition
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
        ORDER BY 1`);
      const tested = new Set(checkCases(f).map((c) => c.constraint));
      expect(rows.map((r) => r.name)).toEqual([...tested].sort());
    });

    // Cases are built from the fixture's ids, which exist only after beforeAll; their names do not
    // depend on the ids, so they are listed from placeholder ids and looked up again by position.
    const checkNames = checkCases(PLACEHOLDER).map((c, i): [string, number] => [
      c.label ? `${c.constraint} (${c.label})` : c.constraint,
      i,
    ]);
    it.each(checkNames)('rejects a row violating %s with SQLSTATE 23514 naming it, and accepts the boundary value', async (_name, i) => {
      const c = checkCases(f)[i]!;
      await withRollback(db, async (client) => {
        const failure = await pgFailure(client, c.bad);
        expect({ code: failure.code, constraint: failure.constraint }).toEqual({ code: '23514', constraint: c.reportedAs ?? c.constraint });
        expect((await client.query(c.ok)).rowCount).toBe(1);
      });
    });

    const uniqueNames = uniqueCases(PLACEHOLDER).map(([constraint], i): [string, number] => [constraint, i]);
    it.each(uniqueNames)('rejects a duplicate for %s with SQLSTATE 23505 naming it', async (constraint, i) => {
      const [, sql] = uniqueCases(f)[i]!;
      await withRollback(db, async (client) => {
        const failure = await pgFailure(client, sql);
        expect({ code: failure.code, constraint: failure.constraint }).toEqual({ code: '23505', constraint });
      });
    });

    it('rejects an overlapping booking of one guard with 23P01, accepts back-to-back bookings, and frees the slot on cancel', async () => {
      await withRollback(db, async (client) => {
        const guard = await insertGuard(client);
        const first = await insertJob(client, { customerId: f.customer, startsIn: '20 days', lasts: '4 hours' });
        await setJobStatus(client, first, 'matched', guard);

        const overlapping = await insertJob(client, { customerId: f.customer, startsIn: '20 days 3 hours 59 minutes', lasts: '2 hours' });
        const failure = await pgFailure(client, `UPDATE jobs SET status = 'matched', guard_id = $2 WHERE id = $1`, [overlapping, guard]);
        expect(failure).toMatchObject({ code: '23P01', constraint: 'jobs_guard_no_double_booking_excl' });

        // The first job ends exactly when this one starts: the half-open range makes it legal.
        const backToBack = await insertJob(client, { customerId: f.customer, startsIn: '20 days 4 hours', lasts: '2 hours' });
        await setJobStatus(client, backToBack, 'matched', guard);
        const before = await insertJob(client, { customerId: f.customer, startsIn: '19 days 22 hours', lasts: '2 hours' });
        await setJobStatus(client, before, 'matched', guard);
        // In progress takes part too.
        await setJobStatus(client, backToBack, 'in_progress');
        const intoInProgress = await insertJob(client, { customerId: f.customer, startsIn: '20 days 5 hours', lasts: '1 hour' });
        expect(
          await pgFailure(client, `UPDATE jobs SET status = 'matched', guard_id = $2 WHERE id = $1`, [intoInProgress, guard]),
        ).toMatchObject({
          code: '23P01',
          constraint: 'jobs_guard_no_double_booking_excl',
        });

        // Cancelling the first booking frees its slot (20 days + 0…4 hours) for another job.
        const replacement = await insertJob(client, { customerId: f.customer, startsIn: '20 days 1 hour', lasts: '2 hours' });
        expect(
          (await pgFailure(client, `UPDATE jobs SET status = 'matched', guard_id = $2 WHERE id = $1`, [replacement, guard])).code,
        ).toBe('23P01');
        await setJobStatus(client, first, 'cancelled');
        await setJobStatus(client, replacement, 'matched', guard);
        const { rows } = await client.query(`SELECT status FROM jobs WHERE id = $1`, [replacement]);
        expect(rows[0].status).toBe('matched');
      });
    });

    it.skipIf(engine.name === 'embedded')(
      'rejects one of two concurrent overlapping bookings made in two open transactions with 23P01 (server only: PGlite runs every connection on one session)',
      async () => {
        const guard = await insertGuard(db);
        const first = await insertJob(db, { customerId: f.customer, startsIn: '40 days', lasts: '4 hours' });
        const second = await insertJob(db, { customerId: f.customer, startsIn: '40 days 2 hours', lasts: '4 hours' });
        const a = await db.pool.connect();
        const b = await db.pool.connect();
        try {
          await a.query('BEGIN');
          await b.query('BEGIN');
          await setJobStatus(a, first, 'matched', guard);
          const bPid = (await b.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
          const secondBooking = setJobStatus(b, second, 'matched', guard).then(
            () => undefined,
            (error: pg.DatabaseError) => error,
          );
          // B must be blocked on A's uncommitted booking before A commits, or this would test nothing.
          for (let waited = 0; ; waited++) {
            const { rows } = await db.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [bPid]);
            if (rows[0]?.wait_event_type === 'Lock') break;
            if (waited > 500) throw new Error('the second booking never waited for the first');
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          await a.query('COMMIT');
          const error = await secondBooking;
          expect(error).toMatchObject({ code: '23P01', constraint: 'jobs_guard_no_double_booking_excl' });
          await b.query('ROLLBACK');
          const { rows } = await db.query(`SELECT id, status FROM jobs WHERE id = ANY($1) ORDER BY start_time`, [[first, second]]);
          expect(rows).toEqual([
            { id: first, status: 'matched' },
            { id: second, status: 'requested' },
          ]);
        } finally {
          await a.query('ROLLBACK').catch(() => {});
          await b.query('ROLLBACK').catch(() => {});
          a.release();
          b.release();
        }
      },
    );

    it('restricts deleting a user or job that jobs or payments refer to (R-7 §3.3): 23503, or 23001 on PostgreSQL >= 18', async () => {
      // PostgreSQL 18 reports ON DELETE RESTRICT as restrict_violation (23001) instead of foreign_key_violation.
      const { rows: version } = await db.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
      const restrict = version[0]!.v >= 180000 ? '23001' : '23503';
      await withRollback(db, async (client) => {
        const customer = await insertUser(client);
        await insertJob(client, { customerId: customer });
        expect(await pgFailure(client, 'DELETE FROM users WHERE id = $1', [customer])).toMatchObject({
          code: restrict,
          constraint: 'jobs_customer_id_fkey',
        });

        const guard = await insertGuard(client);
        const job = await insertJob(client, { customerId: f.customer, startsIn: '50 days' });
        await setJobStatus(client, job, 'matched', guard);
        expect(await pgFailure(client, 'DELETE FROM users WHERE id = $1', [guard])).toMatchObject({
          code: restrict,
          constraint: 'jobs_guard_id_fkey',
        });

        expect(await pgFailure(client, 'DELETE FROM jobs WHERE id = $1', [f.completed])).toMatchObject({
          code: restrict,
          constraint: 'payments_job_id_fkey',
        });

        // Users whose only reference is a payment: the payment alone protects them.
        const payer = await insertUser(client);
        const payee = await insertUser(client);
        await client.query(
          `INSERT INTO payments (job_id, payer_id, payee_id, payment_type, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents)
           VALUES ($1, $2, $3, 'refund', 500, 0, 0, 0)`,
          [f.completed, payer, payee],
        );
        expect(await pgFailure(client, 'DELETE FROM users WHERE id = $1', [payer])).toMatchObject({
          code: restrict,
          constraint: 'payments_payer_id_fkey',
        });
        expect(await pgFailure(client, 'DELETE FROM users WHERE id = $1', [payee])).toMatchObject({
          code: restrict,
          constraint: 'payments_payee_id_fkey',
        });
      });
    });

    it('cascades deleting a user to its guard profile, sessions and location history, and a job (once its status history is removed) to its locations', async () => {
      await withRollback(db, async (client) => {
        const guard = await insertGuard(client, { location: LA.hollywood });
        await client.query(`INSERT INTO sessions (user_id, session_token, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [
          guard,
          `tok-${guard}`,
        ]);
        await client.query(
          `INSERT INTO location_history (guard_id, location, recorded_at) VALUES ($1, ST_GeogFromText($2), now()), ($1, ST_GeogFromText($2), now() - interval '2 days')`,
          [guard, LA.hollywood],
        );
        await client.query('DELETE FROM users WHERE id = $1', [guard]);
        expect(await count(client, 'guard_profiles WHERE user_id = $1', [guard])).toBe(0);
        expect(await count(client, 'sessions WHERE user_id = $1', [guard])).toBe(0);
        expect(await count(client, 'location_history WHERE guard_id = $1', [guard])).toBe(0);

        const job = await insertJob(client, { customerId: f.customer });
        await client.query(`INSERT INTO location_history (guard_id, job_id, location) VALUES ($1, $2, ST_GeogFromText($3))`, [
          f.guard,
          job,
          LA.downtown,
        ]);
        await setJobStatus(client, job, 'cancelled');
        expect(await count(client, 'job_status_history WHERE job_id = $1', [job])).toBe(2);
        // Status history is a record (ON DELETE RESTRICT): only the owner can remove it, explicitly, first.
        await client.query('DELETE FROM job_status_history WHERE job_id = $1', [job]);
        await client.query('DELETE FROM jobs WHERE id = $1', [job]);
        expect(await count(client, 'location_history WHERE job_id = $1', [job])).toBe(0);
        expect(await count(client, 'job_status_history WHERE job_id = $1', [job])).toBe(0);
        // The guard whose location it was stays.
        expect(await count(client, 'users WHERE id = $1', [f.guard])).toBe(1);
      });
    });

    it('keeps status history attributed: the acting user cannot be deleted while it is referenced', async () => {
      const { rows: version } = await db.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
      await withRollback(db, async (client) => {
        const admin = await insertUser(client, { role: 'admin' });
        const job = await insertJob(client, { customerId: f.customer });
        await client.query(`SELECT set_config('aegis.user_id', $1, true)`, [admin]);
        await setJobStatus(client, job, 'cancelled');
        await client.query(`SELECT set_config('aegis.user_id', '', true)`);
        expect(await pgFailure(client, 'DELETE FROM users WHERE id = $1', [admin])).toMatchObject({
          code: version[0]!.v >= 170000 ? '23001' : '23503',
          constraint: 'job_status_history_changed_by_fkey',
        });
        const { rows } = await client.query(`SELECT to_status, changed_by FROM job_status_history WHERE job_id = $1 ORDER BY id`, [job]);
        expect(rows).toEqual([
          { to_status: 'requested', changed_by: null },
          { to_status: 'cancelled', changed_by: admin },
        ]);
      });
    });
  });
}
