import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, MIGRATIONS_DIR, schemaSnapshot, type TestDatabase } from '../helpers/engines.js';
import { pgFailure } from '../helpers/pg-failure.js';
import { advanceJob, insertGuard, insertJob, insertUser, LA } from '../helpers/schema-fixtures.js';
import { withRollback } from '../helpers/with-rollback.js';
import { migrate } from '../../src/migrations/migrate.js';
import { databaseTarget } from '../../src/database/target.js';
import { retention } from '../../src/maintenance/retention.js';
import { paymentsFor, price, stripeFee } from '../../src/seeding/datasets/lifecycle.js';
import { paymentSeedSchema } from '../../src/seeding/row-schemas.js';

/** The migrations this file is about: reverted and re-applied by the round trip. */
const CORRECTIONS = [
  '20261201002000_payments_r7_amount_split',
  '20261201002100_wgs84_point_checks',
  '20261201002200_location_history_recorded_at_bounds',
  '20261201002300_location_history_validate_point_and_time',
  '20261201002400_readonly_without_credentials',
  '20261201002500_app_keeps_financial_records',
  '20261201002600_settled_amounts_immutable',
  '20261201002700_job_status_history_restrict',
  '20261201002800_job_status_history_changed_by_login',
  '20261201002900_ensure_partitions_owner_only',
];
const BEFORE_CORRECTIONS = '20261201001200_location_history_recorded_at_brin';

const CREDENTIALS = ['sessions.refresh_token', 'sessions.session_token', 'users.password_hash'];

const chargeSql = `INSERT INTO payments (job_id, payer_id, payee_id, payment_type, status, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents)
  VALUES ($1, $2, $3, 'charge', $4::payment_status, $5, $6, $7, $8) RETURNING id`;

for (const engine of engines()) {
  describe(`schema corrections on ${engine.name}`, () => {
    let db: TestDatabase;
    let restrict = '';
    const f = { customer: '', guard: '', requested: '', inProgress: '', completed: '', paid: '' };
    beforeAll(async () => {
      db = await engine.migrated();
      const { rows } = await db.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
      restrict = rows[0]!.v >= 170000 ? '23001' : '23503';
      // Committed fixture rows: no payments, so the round trip's Down of the payment split has nothing to refuse.
      f.customer = await insertUser(db);
      f.guard = await insertGuard(db, { location: LA.downtown });
      f.requested = await insertJob(db, { customerId: f.customer });
      f.inProgress = await insertJob(db, { customerId: f.customer, startsIn: '-1 hour', lasts: '4 hours' });
      await advanceJob(db, f.inProgress, 'in_progress', f.guard);
      f.completed = await insertJob(db, { customerId: f.customer, startsIn: '-30 hours', lasts: '4 hours' });
      await advanceJob(db, f.completed, 'completed', f.guard);
      f.paid = await insertJob(db, { customerId: f.customer, startsIn: '-60 hours', lasts: '4 hours' });
      await advanceJob(db, f.paid, 'paid', f.guard);
    });
    afterAll(async () => {
      await db?.close();
    });

    it("accepts R-7's split (10000 = 1500 + 8500, Stripe 320 beside it) and still rejects every money rule at its boundary (23514)", async () => {
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_app');
        const args = (amount: number, platform: number, stripe: number, payout: number) => [
          f.completed,
          f.customer,
          f.guard,
          'pending',
          amount,
          platform,
          stripe,
          payout,
        ];
        await client.query(chargeSql, args(10000, 1500, 320, 8500));
        await client.query(chargeSql, args(10000, 1500, 10000, 8500)); // Stripe's fee up to the whole amount
        const cases: [string, number[]][] = [
          ['payments_amount_split_check', [10000, 1501, 320, 8500]],
          ['payments_amount_split_check', [10000, 1500, 320, 8501]],
          ['payments_stripe_fee_cents_amount_check', [10000, 1500, 10001, 8500]],
          ['payments_amount_cents_check', [-1, 0, 0, 0]],
          ['payments_platform_fee_cents_check', [10000, -1, 320, 8500]],
          ['payments_stripe_fee_cents_check', [10000, 1500, -1, 8500]],
          ['payments_guard_payout_cents_check', [10000, 1500, 320, -1]],
          // Two integers near 2^31 must not overflow into a negative sum.
          ['payments_amount_split_check', [2147483647, 2147483647, 0, 2147483647]],
        ];
        for (const [constraint, amounts] of cases) {
          const failure = await pgFailure(client, chargeSql, args(...(amounts as [number, number, number, number])));
          expect({ amounts, code: failure.code, constraint: failure.constraint }).toEqual({ amounts, code: '23514', constraint });
        }
        const refund = await client.query(chargeSql, args(10000, 1500, 320, 8500));
        expect(await pgFailure(client, 'UPDATE payments SET refund_amount_cents = 10001 WHERE id = $1', [refund.rows[0].id])).toMatchObject(
          { code: '23514', constraint: 'payments_refund_amount_cents_check' },
        );
      });
    });

    it("writes seeded charges with the job's split and Stripe's fee beside it, which the database accepts", async () => {
      const start = new Date(Date.now() - 50 * 3_600_000);
      const end = new Date(start.getTime() + 4 * 3_600_000);
      const split = price(2500, start, end);
      expect(split).toEqual({ hourly_rate_cents: 2500, total_amount_cents: 10000, platform_fee_cents: 1500, guard_payout_cents: 8500 });
      const random = { token: () => 'tok', uuid: () => crypto.randomUUID() } as never;
      const job = { id: f.completed, customer_id: f.customer, created_at: start, ...split } as never;
      const [charge] = paymentsFor({ job, target: 'paid', guardId: f.guard, checkOut: { at: end } } as never, random);
      expect(charge).toMatchObject({ amount_cents: 10000, platform_fee_cents: 1500, stripe_fee_cents: 320, guard_payout_cents: 8500 });
      expect(stripeFee(10000)).toBe(320);
      expect(paymentSeedSchema.safeParse(charge).success).toBe(true);
      await withRollback(db, async (client) => {
        const c = charge!;
        await client.query(chargeSql, [
          f.completed,
          f.customer,
          f.guard,
          c.status,
          c.amount_cents,
          c.platform_fee_cents,
          c.stripe_fee_cents,
          c.guard_payout_cents,
        ]);
      });
    });

    it('refuses an empty or NaN point on every geography column with its named CHECK (23514), and accepts the corners', async () => {
      const { rows: columns } = await db.query<{ col: string }>(
        `SELECT c.relname || '.' || a.attname AS col FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE a.atttypid = 'geography'::regtype AND c.relnamespace = 'public'::regnamespace AND NOT c.relispartition
            AND c.relkind IN ('r', 'p') AND NOT a.attisdropped ORDER BY 1`,
      );
      expect(columns.map((row) => row.col)).toEqual([
        'guard_profiles.current_location',
        'jobs.check_in_location',
        'jobs.check_out_location',
        'jobs.location_coordinates',
        'location_history.location',
      ]);
      const write: Record<string, string> = {
        'guard_profiles.current_location': `UPDATE guard_profiles SET current_location = $1::geography WHERE user_id = '${f.guard}'`,
        'jobs.check_in_location': `UPDATE jobs SET check_in_location = $1::geography WHERE id = '${f.inProgress}'`,
        'jobs.check_out_location': `UPDATE jobs SET check_out_location = $1::geography, guard_checked_out_at = now() WHERE id = '${f.completed}'`,
        'jobs.location_coordinates': `UPDATE jobs SET location_coordinates = $1::geography WHERE id = '${f.requested}'`,
        'location_history.location': `INSERT INTO location_history (guard_id, location) VALUES ('${f.guard}', $1::geography)`,
      };
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_app');
        for (const column of columns.map((row) => row.col)) {
          const constraint = `${column.replace('.', '_')}_wgs84_check`;
          for (const bad of ['POINT EMPTY', 'SRID=4326;POINT(NaN NaN)', 'POINT(NaN 34)', 'POINT(-118 NaN)']) {
            const failure = await pgFailure(client, write[column]!, [bad]);
            expect({ column, bad, code: failure.code, constraint: failure.constraint }).toEqual({ column, bad, code: '23514', constraint });
          }
          for (const ok of ['SRID=4326;POINT(180 90)', 'POINT(-180 -90)', LA.downtown]) await client.query(write[column]!, [ok]);
        }
      });
    });

    it('refuses out-of-range, NaN and infinite coordinates through wgs84_point before PostGIS wraps them (AG002); a raw literal is wrapped, as documented', async () => {
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_app');
        const insert = `INSERT INTO location_history (guard_id, location) VALUES ('${f.guard}', wgs84_point($1))`;
        const cases: [string, string][] = [
          ['SRID=4326;POINT(-118 100)', 'invalid WGS84 point: latitude 100 is outside [-90, 90]'],
          ['POINT(-118 -90.5)', 'invalid WGS84 point: latitude -90.5 is outside [-90, 90]'],
          ['POINT(200 10)', 'invalid WGS84 point: longitude 200 is outside [-180, 180]'],
          ['POINT(NaN NaN)', 'invalid WGS84 point: longitude NaN is outside [-180, 180]'],
          ['POINT EMPTY', `invalid WGS84 point: 'POINT EMPTY' is not a non-empty point`],
          ['LINESTRING(0 0, 1 1)', `invalid WGS84 point: 'LINESTRING(0 0, 1 1)' is not a non-empty point`],
          ['SRID=3857;POINT(1 2)', 'invalid WGS84 point: SRID 3857 is not 4326'],
          ['not a point', `invalid WGS84 point: 'not a point' is not well-known text`],
        ];
        for (const [input, message] of cases) {
          const failure = await pgFailure(client, insert, [input]);
          expect({ input, code: failure.code, message: failure.message }).toEqual({ input, code: 'AG002', message });
        }
        for (const [lon, lat] of [
          [-118, 100],
          [-181, 0],
          [Number.POSITIVE_INFINITY, 0],
          [0, Number.NaN],
        ] as const) {
          const failure = await pgFailure(client, `SELECT wgs84_point($1::float8, $2::float8)`, [String(lon), String(lat)]);
          expect({ lon, lat, code: failure.code }).toEqual({ lon, lat, code: 'AG002' });
        }
        const { rows } = await client.query(
          `SELECT ST_AsText(wgs84_point(-118.2437, 34.0522)) AS a, ST_AsText(wgs84_point('SRID=4326;POINT(180 -90)')) AS b`,
        );
        expect(rows).toEqual([{ a: 'POINT(-118.2437 34.0522)', b: 'POINT(180 -90)' }]);
        // The limit: PostGIS wraps a raw literal into range inside its input function, before any constraint runs.
        const wrapped = await client.query(
          `INSERT INTO location_history (guard_id, location) VALUES ($1, 'SRID=4326;POINT(-118 100)') RETURNING ST_AsText(location) AS point`,
          [f.guard],
        );
        expect(wrapped.rows).toEqual([{ point: 'POINT(-118 80)' }]);
      });
    });

    it('refuses GPS time before 2000 or more than a day ahead (23514) and accepts the bounds', async () => {
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_app');
        const insert = `INSERT INTO location_history (guard_id, location, recorded_at) VALUES ('${f.guard}', ST_GeogFromText('${LA.downtown}'), `;
        for (const bad of [
          `now() + interval '1 day 1 second'`,
          `'2099-01-01'`,
          `'infinity'`,
          `'-infinity'`,
          `'1999-12-31 23:59:59.999999+00'`,
          `'1970-01-01 00:00:00+00'`,
        ]) {
          const failure = await pgFailure(client, `${insert}${bad})`);
          expect({ bad, code: failure.code, constraint: failure.constraint }).toEqual({
            bad,
            code: '23514',
            constraint: 'location_history_recorded_at_check',
          });
        }
        for (const ok of [`now() + interval '1 day'`, `now() + interval '23 hours'`, `'2000-01-01 00:00:00+00'`, 'now()'])
          await client.query(`${insert}${ok})`);
      });
    });

    it('lets retention delete rows stored before the time bound, leaving the default partition empty (futureRowsDeleted)', async () => {
      // A database migrated before the bound may hold such rows: recreate that state, then restore the constraint.
      await db.query('ALTER TABLE location_history DROP CONSTRAINT location_history_recorded_at_check');
      try {
        await db.query(
          `INSERT INTO location_history (guard_id, location, recorded_at)
           SELECT $1, ST_GeogFromText($2), t FROM unnest(ARRAY['2099-06-01', 'infinity', '1990-01-01']::timestamptz[]) AS t`,
          [f.guard, LA.downtown],
        );
        const plan = await retention({ target: databaseTarget(db.url), dryRun: true });
        expect(plan.futureRowsDeleted).toBe(2);
        const result = await retention({ target: databaseTarget(db.url) });
        expect(result.futureRowsDeleted).toBe(2);
        expect(result.rowsDeleted).toBeGreaterThanOrEqual(1);
        const { rows } = await db.query('SELECT count(*)::int AS n FROM location_history_default');
        expect(rows).toEqual([{ n: 0 }]);
        expect((await retention({ target: databaseTarget(db.url) })).futureRowsDeleted).toBe(0);
      } finally {
        await db.query(`ALTER TABLE location_history ADD CONSTRAINT location_history_recorded_at_check
          CHECK (recorded_at >= '2000-01-01 00:00:00+00'::timestamptz AND recorded_at <= now() + interval '1 day')`);
      }
    });

    it('keeps credential columns from aegis_readonly (42501) and lets it read every other column; Public* types omit exactly those', async () => {
      const { rows: unreadable } = await db.query<{ col: string; comment: string | null }>(
        `SELECT c.relname || '.' || a.attname AS col, col_description(c.oid, a.attnum) AS comment
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            AND c.relname <> 'spatial_ref_sys' AND a.attnum > 0 AND NOT a.attisdropped
            AND NOT has_column_privilege('aegis_readonly', c.oid, a.attnum, 'SELECT')
          ORDER BY 1`,
      );
      expect(unreadable.map((row) => row.col)).toEqual(CREDENTIALS);
      const { rows: tagged } = await db.query<{ col: string }>(
        `SELECT c.relname || '.' || a.attname AS col FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE c.relnamespace = 'public'::regnamespace AND NOT c.relispartition AND col_description(c.oid, a.attnum) LIKE '@sensitive credential%' ORDER BY 1`,
      );
      expect(tagged.map((row) => row.col)).toEqual(CREDENTIALS);
      const types = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'generated', 'types.ts'), 'utf8');
      for (const [table, type] of [
        ['users', 'PublicUser'],
        ['sessions', 'PublicSession'],
      ] as const) {
        const omitted = new RegExp(`export type ${type} = Omit<\\w+, ([^>]+)>;`).exec(types)?.[1] ?? '';
        for (const col of CREDENTIALS.filter((name) => name.startsWith(`${table}.`))) expect(omitted).toContain(`'${col.split('.')[1]}'`);
      }
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_readonly');
        for (const sql of [
          'SELECT password_hash FROM users',
          'SELECT * FROM users',
          'SELECT session_token FROM sessions',
          'SELECT refresh_token FROM sessions',
          'SELECT * FROM sessions',
          `SELECT id FROM sessions WHERE session_token = 'x'`,
        ]) {
          expect({ sql, code: (await pgFailure(client, sql)).code }).toEqual({ sql, code: '42501' });
        }
        const { rows: readable } = await client.query<{ table_name: string; cols: string }>(
          `SELECT table_name, string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS cols FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name IN ('users', 'sessions', 'guard_profiles', 'jobs', 'job_status_history', 'location_history', 'payments')
              AND table_name || '.' || column_name <> ALL ($1) GROUP BY 1 ORDER BY 1`,
          [CREDENTIALS],
        );
        expect(readable.map((row) => row.table_name)).toEqual([
          'guard_profiles',
          'job_status_history',
          'jobs',
          'location_history',
          'payments',
          'sessions',
          'users',
        ]);
        for (const { table_name, cols } of readable) await client.query(`SELECT ${cols} FROM ${table_name} LIMIT 1`);
        expect((await client.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBeGreaterThanOrEqual(2);
      });
    });

    it('refuses aegis_app deleting payments, jobs and status history (42501); cancel is the way a job ends', async () => {
      await withRollback(db, async (client) => {
        await client.query(chargeSql, [f.completed, f.customer, f.guard, 'succeeded', 10000, 1500, 320, 8500]);
        await client.query('SET LOCAL ROLE aegis_app');
        for (const sql of [
          `DELETE FROM payments WHERE job_id = '${f.completed}'`,
          `DELETE FROM jobs WHERE id = '${f.requested}'`,
          `DELETE FROM job_status_history WHERE job_id = '${f.requested}'`,
          'DELETE FROM payments',
          'DELETE FROM jobs',
        ]) {
          expect({ sql, code: (await pgFailure(client, sql)).code }).toEqual({ sql, code: '42501' });
        }
        await client.query(`UPDATE jobs SET status = 'cancelled', cancellation_reason = 'customer cancelled' WHERE id = $1`, [f.requested]);
        // The other tables keep DELETE: sessions and location points are not records.
        await client.query(`DELETE FROM sessions WHERE user_id = $1`, [f.customer]);
      });
    });

    it("fixes a succeeded payment's and a paid job's amounts for every role (AG003), while refunds and status keep moving", async () => {
      for (const role of ['aegis_app', null]) {
        await withRollback(db, async (client) => {
          const { rows } = await client.query(chargeSql, [f.paid, f.customer, f.guard, 'succeeded', 10000, 1500, 320, 8500]);
          const payment = rows[0].id as string;
          await client.query(`UPDATE payments SET succeeded_at = now() WHERE id = $1`, [payment]);
          if (role) await client.query(`SET LOCAL ROLE ${role}`);
          for (const [column, set] of [
            ['amount_cents', 'amount_cents = 9000'],
            ['platform_fee_cents', 'platform_fee_cents = 1000'],
            ['stripe_fee_cents', 'stripe_fee_cents = 0'],
            ['guard_payout_cents', 'guard_payout_cents = 8000'],
            ['payee_id', `payee_id = '${f.customer}'`],
            ['payment_type', `payment_type = 'payout'`],
            ['succeeded_at', 'succeeded_at = NULL'],
          ]) {
            const failure = await pgFailure(client, `UPDATE payments SET ${set} WHERE id = $1`, [payment]);
            expect(pick(failure)).toEqual({
              code: 'AG003',
              table: 'payments',
              column,
              message: `settled amounts are immutable: payments.${column} of ${payment}`,
            });
          }
          await client.query(
            `UPDATE payments SET refund_amount_cents = 2500, refund_reason = 'late', refunded_at = now(), status = 'refunded' WHERE id = $1`,
            [payment],
          );
          await client.query(`UPDATE payments SET status = 'dispute' WHERE id = $1`, [payment]);
          expect((await pgFailure(client, 'UPDATE payments SET amount_cents = 12000 WHERE id = $1', [payment])).code).toBe('AG003');

          for (const column of ['hourly_rate_cents', 'total_amount_cents', 'platform_fee_cents', 'guard_payout_cents']) {
            const failure = await pgFailure(client, `UPDATE jobs SET ${column} = ${column} - 1 WHERE id = $1`, [f.paid]);
            expect(pick(failure)).toEqual({
              code: 'AG003',
              table: 'jobs',
              column,
              message: `settled amounts are immutable: jobs.${column} of ${f.paid}`,
            });
          }
          await client.query(`UPDATE jobs SET customer_rating = 5 WHERE id = $1`, [f.paid]);
          // Before it succeeds, a payment's amounts may still be corrected; before it is paid, a job's too.
          const pending = await client.query(chargeSql, [f.completed, f.customer, f.guard, 'pending', 10000, 1500, 320, 8500]);
          await client.query(`UPDATE payments SET amount_cents = 10100, platform_fee_cents = 1600 WHERE id = $1`, [pending.rows[0].id]);
          await client.query(`UPDATE jobs SET total_amount_cents = 10100, platform_fee_cents = 1600 WHERE id = $1`, [f.completed]);
        });
      }
    });

    it('keeps status history when its job or acting user is deleted by the owner: ON DELETE RESTRICT', async () => {
      await withRollback(db, async (client) => {
        const admin = await insertUser(client, { role: 'admin' });
        const job = await insertJob(client, { customerId: f.customer, startsIn: '90 days' });
        await client.query(`SELECT set_config('aegis.user_id', $1, true)`, [admin]);
        await client.query(`UPDATE jobs SET status = 'cancelled' WHERE id = $1`, [job]);
        expect(await pgFailure(client, 'DELETE FROM users WHERE id = $1', [admin])).toMatchObject({
          code: restrict,
          constraint: 'job_status_history_changed_by_fkey',
        });
        expect(await pgFailure(client, 'DELETE FROM jobs WHERE id = $1', [job])).toMatchObject({
          code: restrict,
          constraint: 'job_status_history_job_id_fkey',
        });
      });
    });

    it("records the connection's login beside the claimed user (changed_by_login = session_user), which aegis_app cannot forge", async () => {
      await withRollback(db, async (client) => {
        const { rows: login } = await client.query<{ login: string }>('SELECT session_user::text AS login');
        const job = await insertJob(client, { customerId: f.customer, startsIn: '95 days' });
        await client.query('SET LOCAL ROLE aegis_app');
        await client.query(`SELECT set_config('aegis.user_id', $1, true)`, [f.guard]); // any session may claim any user
        await client.query(`UPDATE jobs SET status = 'cancelled' WHERE id = $1`, [job]);
        const { rows } = await client.query(
          `SELECT to_status, changed_by, changed_by_login, current_user::text AS role FROM job_status_history WHERE job_id = $1 ORDER BY id`,
          [job],
        );
        expect(rows).toEqual([
          { to_status: 'requested', changed_by: null, changed_by_login: login[0]!.login, role: 'aegis_app' },
          { to_status: 'cancelled', changed_by: f.guard, changed_by_login: login[0]!.login, role: 'aegis_app' },
        ]);
        expect(
          (await pgFailure(client, `UPDATE job_status_history SET changed_by_login = 'someone_else' WHERE job_id = $1`, [job])).code,
        ).toBe('42501');
      });
    });

    it('refuses aegis_app creating partitions (42501); its rows still land in a partition or the default one', async () => {
      await withRollback(db, async (client) => {
        await client.query('SET LOCAL ROLE aegis_app');
        for (const sql of [
          'SELECT location_history_ensure_partitions()',
          `SELECT location_history_ensure_partitions(current_date + 1, current_date + 367)`,
        ]) {
          expect({ sql, code: (await pgFailure(client, sql)).code }).toEqual({ sql, code: '42501' });
        }
        const { rows } = await client.query(
          `INSERT INTO location_history (guard_id, location, recorded_at) VALUES ($1, ST_GeogFromText($2), now() - interval '400 days') RETURNING tableoid::regclass::text AS partition`,
          [f.guard, LA.downtown],
        );
        expect(rows).toEqual([{ partition: 'location_history_default' }]);
      });
    });

    it('reverts and re-applies the corrections (up -> down -> up) to the same schema', async () => {
      const before = await schemaSnapshot(db);
      const target = databaseTarget(db.url);
      const down = await migrate({ target, migrationsDir: MIGRATIONS_DIR, direction: 'down', to: BEFORE_CORRECTIONS });
      expect(down.error).toBeUndefined();
      expect(down.steps.map((step) => step.name)).toEqual([...CORRECTIONS].reverse());
      const { rows } = await db.query(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'payments_amount_split_check'`,
      );
      expect(rows[0].def).toContain('stripe_fee_cents');
      expect((await db.query(`SELECT to_regprocedure('wgs84_point(text)') AS f`)).rows).toEqual([{ f: null }]);
      const up = await migrate({ target, migrationsDir: MIGRATIONS_DIR, direction: 'up' });
      expect(up.error).toBeUndefined();
      expect(up.steps.map((step) => step.name)).toEqual(CORRECTIONS);
      expect(await schemaSnapshot(db)).toBe(before);
    });
  });
}

function pick(failure: { code: string | undefined; table: string | undefined; column: string | undefined; message: string }) {
  return { code: failure.code, table: failure.table, column: failure.column, message: failure.message };
}
