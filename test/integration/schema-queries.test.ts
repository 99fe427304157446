import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { pgFailure } from '../helpers/pg-failure.js';
import { advanceJob, insertGuard, insertJob, insertUser, LA, type Queryable } from '../helpers/schema-fixtures.js';
import { withRollback } from '../helpers/with-rollback.js';

/**
 * R-7's own sample queries (§2.2–2.5, §5.3, §8.1), verbatim except that R-7's placeholders
 * ($guardUserId, '...', :location) are bind parameters.
 */
const R7 = {
  guardsWithin10Miles: `
    SELECT * FROM guard_profiles
    WHERE ST_DWithin(
      current_location,
      ST_GeogFromText('POINT(-118.2437 34.0522)'), -- LA coordinates
      16093.4 -- 10 miles in meters
    )
    AND availability_status = 'available'`,
  availableJobsNearGuard: `
    SELECT j.* FROM jobs j
    WHERE j.status = 'requested'
      AND ST_DWithin(
        j.location_coordinates,
        (SELECT current_location FROM guard_profiles WHERE user_id = $1),
        24140.2 -- 15 miles in meters
      )
      AND j.start_time > NOW()
    ORDER BY j.start_time ASC`,
  guardActiveJob: `
    SELECT * FROM jobs
    WHERE guard_id = $1
      AND status IN ('matched', 'in_progress')
    LIMIT 1`,
  locationTrail: `
    SELECT
      location,
      accuracy_meters,
      recorded_at
    FROM location_history
    WHERE guard_id = $1
      AND job_id = $2
    ORDER BY recorded_at ASC`,
  lastKnownLocation: `
    SELECT location, recorded_at
    FROM location_history
    WHERE guard_id = $1
    ORDER BY recorded_at DESC
    LIMIT 1`,
  customerPaymentHistory: `
    SELECT p.*, j.title, j.start_time
    FROM payments p
    JOIN jobs j ON p.job_id = j.id
    WHERE p.payer_id = $1
    ORDER BY p.created_at DESC`,
  guardPendingPayouts: `
    SELECT p.*, j.title
    FROM payments p
    JOIN jobs j ON p.job_id = j.id
    WHERE p.payee_id = $1
      AND p.status = 'succeeded'
      AND p.stripe_payout_id IS NULL -- Not yet paid out
    ORDER BY p.created_at ASC`,
  reconciliation: `
    SELECT
      DATE_TRUNC('day', created_at) AS date,
      COUNT(*) AS total_payments,
      SUM(amount_cents) / 100.0 AS total_revenue,
      SUM(platform_fee_cents) / 100.0 AS platform_revenue,
      SUM(guard_payout_cents) / 100.0 AS guard_payouts
    FROM payments
    WHERE status = 'succeeded'
      AND created_at >= NOW() - INTERVAL '30 days'
    GROUP BY DATE_TRUNC('day', created_at)
    ORDER BY date DESC`,
  distanceToJob: `
    SELECT
      gp.user_id,
      gp.current_location,
      ST_Distance(
        gp.current_location,
        j.location_coordinates
      ) / 1609.34 AS distance_miles
    FROM guard_profiles gp
    CROSS JOIN jobs j
    WHERE j.id = $1
      AND ST_DWithin(
        gp.current_location,
        j.location_coordinates,
        16093.4 -- 10 miles in meters
      )
      AND gp.availability_status = 'available'
    ORDER BY distance_miles ASC`,
  nearestGuards: `
    SELECT
      u.id,
      u.first_name,
      u.last_name,
      gp.hourly_rate_cents,
      ST_Distance(
        gp.current_location,
        ST_GeogFromText('POINT(-118.2437 34.0522)')
      ) / 1609.34 AS distance_miles
    FROM users u
    JOIN guard_profiles gp ON gp.user_id = u.id
    WHERE gp.availability_status = 'available'
      AND u.status = 'active'
    ORDER BY gp.current_location <-> ST_GeogFromText('POINT(-118.2437 34.0522)') -- KNN operator for efficiency
    LIMIT 10`,
  geofenceAsWritten: `
    SELECT
      ST_Distance(
        j.location_coordinates,
        ST_GeogFromText($2) -- Guard's current location
      ) AS distance_meters
    FROM jobs j
    WHERE j.id = $1
    HAVING ST_Distance(
      j.location_coordinates,
      ST_GeogFromText($2)
    ) < 100; -- 100 meters = ~300 feet`,
  jobTrail: `
    SELECT
      location,
      recorded_at,
      ST_X(location::geometry) AS longitude,
      ST_Y(location::geometry) AS latitude
    FROM location_history
    WHERE guard_id = $1
      AND job_id = $2
    ORDER BY recorded_at ASC`,
  // §8.1 findAvailableGuardsForJob, the query its query builder produces.
  matchGuardsForJob: `
    SELECT gp.* FROM guard_profiles gp
    INNER JOIN users u ON u.id = gp.user_id
    WHERE gp.availability_status = $1
      AND u.status = $2
      AND gp.clearance_level >= $3
      AND ST_DWithin(
        gp.current_location,
        ST_GeogFromText($4),
        $5
      )
    ORDER BY gp.current_location <-> ST_GeogFromText($4) ASC
    LIMIT 20`,
  // §8.1 getGuardActiveJobs with its customer relation.
  guardActiveJobs: `
    SELECT j.*, c.first_name AS customer_first_name FROM jobs j
    JOIN users c ON c.id = j.customer_id
    WHERE j.guard_id = $1 AND j.status IN ('matched', 'in_progress')
    ORDER BY j.start_time ASC`,
};

/** A small known data set around downtown Los Angeles: who is where, and which jobs and payments exist. */
interface DataSet {
  guards: Record<'gus' | 'ana' | 'fay' | 'dee' | 'cal' | 'ben' | 'eve', string>;
  carla: string;
  dora: string;
  jobs: Record<
    'downtown' | 'pasadena' | 'santaMonica' | 'malibu' | 'past' | 'anaMatched' | 'active' | 'next' | 'done' | 'paid' | 'done2' | 'old',
    string
  >;
  payments: Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5', string>;
  points: Record<'t1' | 't2' | 't3' | 'free', string>;
}

async function insertDataSet(db: Queryable): Promise<DataSet> {
  const guards = {
    gus: await insertGuard(db, { firstName: 'Gus', location: LA.pershingSquare, clearance: 'armed', hourlyRateCents: 3000 }),
    ana: await insertGuard(db, { firstName: 'Ana', location: LA.littleTokyo, clearance: 'basic', hourlyRateCents: 2500 }),
    fay: await insertGuard(db, { firstName: 'Fay', location: LA.koreatown, clearance: 'executive', status: 'suspended' }),
    dee: await insertGuard(db, { firstName: 'Dee', location: LA.hollywood, clearance: 'armed', availability: 'busy' }),
    cal: await insertGuard(db, { firstName: 'Cal', location: LA.pasadena, clearance: 'executive', hourlyRateCents: 5000 }),
    ben: await insertGuard(db, { firstName: 'Ben', location: LA.santaMonica, clearance: 'armed', hourlyRateCents: 3500 }),
    eve: await insertGuard(db, { firstName: 'Eve', location: LA.longBeach, clearance: 'executive', hourlyRateCents: 6000 }),
  };
  const carla = await insertUser(db, { firstName: 'Carla' });
  const dora = await insertUser(db, { firstName: 'Dora' });
  const job = (title: string, startsIn: string, location: string = LA.downtown, customerId = carla) =>
    insertJob(db, { customerId, title, startsIn, location });
  const jobs = {
    downtown: await job('Downtown gala', '2 days'),
    pasadena: await job('Pasadena patrol', '1 day', LA.pasadena),
    santaMonica: await job('Pier event', '3 days', LA.santaMonica),
    malibu: await job('Malibu estate', '1 day', LA.malibu),
    past: await job('Yesterday, never matched', '-1 day'),
    anaMatched: await job('Ana’s shift', '4 days'),
    active: await job('Gus on duty', '-1 hour'),
    next: await job('Gus next week', '5 days'),
    done: await job('Done job', '-3 days'),
    paid: await job('Paid job', '-6 days'),
    done2: await job('Dora’s done job', '-4 days', LA.downtown, dora),
    old: await job('Old job', '-41 days'),
  };
  await advanceJob(db, jobs.anaMatched, 'matched', guards.ana);
  await advanceJob(db, jobs.active, 'in_progress', guards.gus);
  await advanceJob(db, jobs.next, 'matched', guards.gus);
  await advanceJob(db, jobs.done, 'completed', guards.gus);
  await advanceJob(db, jobs.paid, 'paid', guards.gus);
  await advanceJob(db, jobs.done2, 'completed', guards.gus);
  await advanceJob(db, jobs.old, 'paid', guards.gus);

  // Payment times are fixed hours of earlier UTC days, so the reconciliation's daily groups are known.
  const payment = async (
    jobId: string,
    payer: string,
    status: string,
    day: number,
    hour: number,
    cents: [number, number, number, number],
    payoutId: string | null,
  ) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO payments (job_id, payer_id, payee_id, payment_type, status, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents,
                             stripe_payout_id, created_at)
       VALUES ($1, $2, $3, 'charge', $4, $5, $6, $7, $8, $9,
               (date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => $10) + make_interval(hours => $11)) AT TIME ZONE 'UTC')
       RETURNING id`,
      [jobId, payer, guards.gus, status, ...cents, payoutId, day, hour],
    );
    return rows[0]!.id;
  };
  const payments = {
    p1: await payment(jobs.done, carla, 'succeeded', 1, 9, [10000, 1180, 320, 8500], null),
    p2: await payment(jobs.paid, carla, 'succeeded', 1, 15, [20000, 2360, 610, 17000], 'po_paid'),
    p3: await payment(jobs.done2, dora, 'succeeded', 2, 10, [5000, 590, 175, 4235], null),
    p4: await payment(jobs.done, carla, 'failed', 1, 8, [10000, 1180, 320, 8500], null),
    p5: await payment(jobs.old, carla, 'succeeded', 40, 12, [8000, 944, 262, 6794], null),
  };

  const point = async (jobId: string | null, wkt: string, minutesAgo: number, accuracy: number) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO location_history (guard_id, job_id, location, accuracy_meters, recorded_at)
       VALUES ($1, $2, ST_GeogFromText($3), $4, now() - make_interval(mins => $5)) RETURNING id`,
      [guards.gus, jobId, wkt, accuracy, minutesAgo],
    );
    return rows[0]!.id;
  };
  // Uploaded out of order, as a phone coming back online does.
  const points = {
    t2: await point(jobs.active, 'POINT(-118.2425 34.0527)', 30, 4),
    t1: await point(jobs.active, 'POINT(-118.2420 34.0530)', 50, 5),
    t3: await point(jobs.active, 'POINT(-118.2430 34.0524)', 10, 3),
    free: await point(null, 'POINT(-118.2410 34.0540)', 5, 8),
  };
  await point(jobs.done, 'POINT(-118.2437 34.0522)', 3 * 24 * 60, 6);
  return { guards, carla, dora, jobs, payments, points };
}

const GUARDS = 10_000;
const DOWNTOWN = LA.downtown;

/**
 * 10 000 guards on a 100 × 100 grid about 1 km apart around Los Angeles; a quarter available, a tenth of
 * the users suspended, clearances mixed. One statement, so it is fast on both engines.
 */
async function insertGuardGrid(db: Queryable): Promise<void> {
  await db.query(
    `WITH u AS (
       INSERT INTO users (email, password_hash, first_name, last_name, role, status)
       SELECT 'grid-' || n || '@example.test', 'x', 'Grid', n::text, 'guard',
              CASE WHEN n % 10 = 0 THEN 'suspended' ELSE 'active' END::user_status
       FROM generate_series(0, $1 - 1) AS n
       RETURNING id, last_name::int AS n)
     INSERT INTO guard_profiles (user_id, license_number, license_state, license_expiry_date, clearance_level,
                                 availability_status, hourly_rate_cents, current_location)
     SELECT id, 'GRID-' || n, 'CA', current_date + 365,
            (ARRAY['basic', 'armed', 'executive'])[n % 3 + 1]::guard_clearance_level,
            CASE WHEN n % 4 = 0 THEN 'available' WHEN n % 4 = 1 THEN 'busy' ELSE 'offline' END::guard_availability_status,
            2500 + n % 20 * 100,
            ST_SetSRID(ST_MakePoint(-118.9 + (n % 100) * 0.01, 33.6 + (n / 100) * 0.01), 4326)::geography
     FROM u`,
    [GUARDS],
  );
  await db.query('ANALYZE users');
  await db.query('ANALYZE guard_profiles');
}

async function plan(db: Queryable, sql: string, params: unknown[] = []): Promise<string> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const GIST_ON_GUARDS = /(Index Scan using|Bitmap Index Scan on) idx_guard_profiles_(available_)?location\b/;

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

for (const engine of engines()) {
  describe(`R-7 sample queries on ${engine.name}`, () => {
    let db: TestDatabase;
    let d: DataSet;
    beforeAll(async () => {
      db = await engine.migrated();
      d = await insertDataSet(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('§2.2 finds the available guards within 10 miles of downtown LA', async () => {
      const { rows } = await db.query(R7.guardsWithin10Miles);
      const { guards: g } = d;
      // Hollywood (busy) and Santa Monica, Long Beach (over 10 miles) are out; §2.2 does not look at the user's status.
      expect(rows.map((r) => r.user_id).sort()).toEqual([g.gus, g.ana, g.fay, g.cal].sort());
    });

    it('§2.3 lists requested future jobs within 15 miles of a guard by start time, and a guard’s active job', async () => {
      const { rows } = await db.query(R7.availableJobsNearGuard, [d.guards.gus]);
      expect(ids(rows)).toEqual([d.jobs.pasadena, d.jobs.downtown, d.jobs.santaMonica]);
      const { rows: active } = await db.query(R7.guardActiveJob, [d.guards.ana]);
      expect(ids(active)).toEqual([d.jobs.anaMatched]);
      expect((await db.query(R7.guardActiveJob, [d.guards.cal])).rows).toEqual([]);
    });

    it('§2.4 returns a job’s location trail in recorded order and the guard’s last known location', async () => {
      const { rows } = await db.query(`SELECT ST_AsText(location) AS wkt, accuracy_meters FROM (${R7.locationTrail}) trail`, [
        d.guards.gus,
        d.jobs.active,
      ]);
      expect(rows).toEqual([
        { wkt: 'POINT(-118.242 34.053)', accuracy_meters: '5.00' },
        { wkt: 'POINT(-118.2425 34.0527)', accuracy_meters: '4.00' },
        { wkt: 'POINT(-118.243 34.0524)', accuracy_meters: '3.00' },
      ]);
      const { rows: last } = await db.query(`SELECT ST_AsText(location) AS wkt FROM (${R7.lastKnownLocation}) last`, [d.guards.gus]);
      expect(last).toEqual([{ wkt: 'POINT(-118.241 34.054)' }]);
    });

    it('§2.5 lists a customer’s payment history newest first, with the job', async () => {
      const { rows } = await db.query(R7.customerPaymentHistory, [d.carla]);
      expect(rows.map((r) => [r.id, r.title])).toEqual([
        [d.payments.p2, 'Paid job'],
        [d.payments.p1, 'Done job'],
        [d.payments.p4, 'Done job'],
        [d.payments.p5, 'Old job'],
      ]);
    });

    it('§2.5 lists a guard’s succeeded payments not yet paid out, oldest first', async () => {
      const { rows } = await db.query(R7.guardPendingPayouts, [d.guards.gus]);
      expect(rows.map((r) => [r.id, r.title])).toEqual([
        [d.payments.p5, 'Old job'],
        [d.payments.p3, 'Dora’s done job'],
        [d.payments.p1, 'Done job'],
      ]);
    });

    it('§2.5 reconciles succeeded payments of the last 30 days per day', async () => {
      await withRollback(db, async (client) => {
        await client.query(`SET LOCAL TimeZone = 'UTC'`);
        const { rows: today } = await client.query<{ today: Date }>(`SELECT date_trunc('day', now()) AS today`);
        const day = (n: number) => new Date(today[0]!.today.getTime() - n * 86_400_000);
        const { rows } = await client.query(R7.reconciliation);
        expect(
          rows.map((r) => ({
            ...r,
            total_revenue: Number(r.total_revenue),
            platform_revenue: Number(r.platform_revenue),
            guard_payouts: Number(r.guard_payouts),
          })),
        ).toEqual([
          { date: day(1), total_payments: '2', total_revenue: 300, platform_revenue: 35.4, guard_payouts: 255 },
          { date: day(2), total_payments: '1', total_revenue: 50, platform_revenue: 5.9, guard_payouts: 42.35 },
        ]);
      });
    });

    it('§5.3 measures the distance of available guards within 10 miles of a job, nearest first', async () => {
      const { rows } = await db.query(R7.distanceToJob, [d.jobs.downtown]);
      const { guards: g } = d;
      expect(rows.map((r) => r.user_id)).toEqual([g.gus, g.ana, g.fay, g.cal]);
      const miles = rows.map((r) => r.distance_miles as number);
      [0.112, 0.392, 3.325, 8.705].forEach((expected, i) => expect(miles[i]).toBeCloseTo(expected, 2));
    });

    it('§5.3 finds the nearest available active guards with the KNN operator', async () => {
      const { rows } = await db.query(R7.nearestGuards);
      expect(rows.map((r) => [r.first_name, r.hourly_rate_cents])).toEqual([
        ['Gus', 3000],
        ['Ana', 2500],
        ['Cal', 5000],
        ['Ben', 3500],
        ['Eve', 6000],
      ]);
      [0.112, 0.392, 8.705, 14.38, 19.654].forEach((expected, i) => expect(rows[i].distance_miles).toBeCloseTo(expected, 2));
    });

    it('§5.3 geofencing: R-7’s HAVING form is not valid PostgreSQL (42803); with WHERE it accepts a check-in within 100 m only', async () => {
      const near = 'POINT(-118.2437 34.0526)'; // about 44 m north of the job
      const far = 'POINT(-118.2437 34.0545)'; // about 255 m north
      await withRollback(db, async (client) => {
        const failure = await pgFailure(client, R7.geofenceAsWritten, [d.jobs.downtown, near]);
        expect(failure.code).toBe('42803');
      });
      const corrected = R7.geofenceAsWritten.replace('HAVING', 'AND');
      const { rows } = await db.query(corrected, [d.jobs.downtown, near]);
      expect(rows).toHaveLength(1);
      expect(rows[0].distance_meters).toBeCloseTo(44.4, 0);
      expect((await db.query(corrected, [d.jobs.downtown, far])).rows).toEqual([]);
    });

    it('§5.3 returns the job trail with longitude and latitude', async () => {
      const { rows } = await db.query(R7.jobTrail, [d.guards.gus, d.jobs.active]);
      expect(rows.map((r) => [r.longitude, r.latitude])).toEqual([
        [-118.242, 34.053],
        [-118.2425, 34.0527],
        [-118.243, 34.0524],
      ]);
    });

    it('§8.1 matches available, active guards with enough clearance within the radius, nearest first', async () => {
      const { rows: job } = await db.query<{ wkt: string }>(`SELECT ST_AsText(location_coordinates) AS wkt FROM jobs WHERE id = $1`, [
        d.jobs.downtown,
      ]);
      const radius = 15 * 1609.34;
      const { guards: g } = d;
      const armed = await db.query(R7.matchGuardsForJob, ['available', 'active', 'armed', job[0]!.wkt, radius]);
      expect(armed.rows.map((r) => r.user_id)).toEqual([g.gus, g.cal, g.ben]);
      const executive = await db.query(R7.matchGuardsForJob, ['available', 'active', 'executive', job[0]!.wkt, radius]);
      expect(executive.rows.map((r) => r.user_id)).toEqual([g.cal]);
      const basic = await db.query(R7.matchGuardsForJob, ['available', 'active', 'basic', job[0]!.wkt, radius]);
      expect(basic.rows.map((r) => r.user_id)).toEqual([g.gus, g.ana, g.cal, g.ben]);
    });

    it('§8.1 lists a guard’s active jobs by start time with their customer', async () => {
      const { rows } = await db.query(R7.guardActiveJobs, [d.guards.gus]);
      expect(rows.map((r) => [r.id, r.status, r.customer_first_name])).toEqual([
        [d.jobs.active, 'in_progress', 'Carla'],
        [d.jobs.next, 'matched', 'Carla'],
      ]);
    });

    // Last in this block: the 10 000 guards exist only inside its rolled-back transaction.
    it(`plans §5.3 nearest available guards and §8.1 matching at ${GUARDS} guards with a GIST index, no Seq Scan on guard_profiles`, async () => {
      await withRollback(db, async (client) => {
        await insertGuardGrid(client);
        const { rows: counted } = await client.query(
          `SELECT count(*)::int AS n FROM guard_profiles WHERE availability_status = 'available' AND license_number LIKE 'GRID-%'`,
        );
        expect(counted[0].n).toBe(GUARDS / 4);

        const nearest = await plan(
          client,
          `SELECT u.id, u.first_name, u.last_name, gp.hourly_rate_cents,
                  ST_Distance(gp.current_location, ST_GeogFromText('${DOWNTOWN}')) / 1609.34 AS distance_miles
           FROM users u
           JOIN guard_profiles gp ON gp.user_id = u.id
           WHERE gp.availability_status = 'available'
             AND u.status = 'active'
           ORDER BY gp.current_location <-> ST_GeogFromText('${DOWNTOWN}')
           LIMIT 10`,
        );
        expect(nearest).toMatch(GIST_ON_GUARDS);
        expect(nearest).not.toMatch(/Seq Scan on guard_profiles/);

        const matching = await plan(
          client,
          `SELECT gp.* FROM guard_profiles gp
           INNER JOIN users u ON u.id = gp.user_id
           WHERE gp.availability_status = $1
             AND u.status = $2
             AND gp.clearance_level >= $3
             AND ST_DWithin(gp.current_location, ST_GeogFromText($4), $5)
           ORDER BY gp.current_location <-> ST_GeogFromText($4) ASC
           LIMIT 20`,
          ['available', 'active', 'armed', DOWNTOWN, 15 * 1609.34],
        );
        expect(matching).toMatch(GIST_ON_GUARDS);
        expect(matching).not.toMatch(/Seq Scan on guard_profiles/);

        // The plans answer correctly too: the 10 nearest available, active guards, nearest first.
        const { rows } = await client.query(
          `SELECT ST_Distance(gp.current_location, ST_GeogFromText($1)) AS meters
           FROM users u JOIN guard_profiles gp ON gp.user_id = u.id
           WHERE gp.availability_status = 'available' AND u.status = 'active'
           ORDER BY gp.current_location <-> ST_GeogFromText($1) LIMIT 10`,
          [DOWNTOWN],
        );
        const meters = rows.map((r) => r.meters as number);
        expect(meters).toHaveLength(10);
        expect([...meters].sort((a, b) => a - b)).toEqual(meters);
        expect(meters[9]).toBeLessThan(5000);
      });
    });
  });
}
