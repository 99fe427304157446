import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { introspect } from '../../src/introspection/introspect.js';
import type { SchemaModel } from '../../src/introspection/schema-model.js';
import { registerAegisTypes, toGeographyParam } from '../../src/pg-types/index.js';
import { tableSchemas } from '../../src/generated/schemas.js';
import {
  GUARD_AVAILABILITY_STATUSES,
  GUARD_CLEARANCE_LEVELS,
  JOB_STATUSES,
  JOB_TYPES,
  PAYMENT_STATUSES,
  PAYMENT_TYPES,
  USER_ROLES,
  USER_STATUSES,
} from '../../src/generated/types.js';
import type { GeoPoint, JobStatus } from '../../src/generated/types.js';

type TableName = keyof typeof tableSchemas;

const point = (longitude: number, latitude: number): GeoPoint => ({ type: 'Point', coordinates: [longitude, latitude] });
// The antimeridian, both poles and a point with every bit of a double in use.
const POINTS = [
  point(180, 90),
  point(-180, -90),
  point(179.99999999999997, -89.99999999999999),
  point(-122.41941550000001, 37.77492950000001),
  point(0, 0),
];
const astral = (n: number) => '🛡'.repeat(n); // one character, two UTF-16 units: varchar(n) holds n of them

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

for (const engine of engines()) {
  describe(`${engine.name}: every value read through aegis-db/pg matches the generated schemas`, () => {
    let db: TestDatabase;
    let pool: pg.Pool;
    let model: SchemaModel;

    /** Inserts the output of the insert schema as it is (it is made of query parameters) and returns the row read back through the parsers. */
    async function insert(table: TableName, values: Record<string, unknown>): Promise<Record<string, unknown>> {
      const parsed = tableSchemas[table].insert.parse(values) as Record<string, unknown>;
      const keys = Object.keys(parsed);
      const sql = `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`;
      const row = (
        await pool.query(
          sql,
          keys.map((key) => parsed[key]),
        )
      ).rows[0] as Record<string, unknown>;
      expect(tableSchemas[table].row.parse(row)).toEqual(row);
      for (const key of keys) expect(row[key], `${table}.${key} round-trips`).toEqual(values[key]);
      return row;
    }

    beforeAll(async () => {
      db = await engine.migrated();
      model = await introspect(db.pool);
      pool = new pg.Pool({ connectionString: db.url, max: 2 });
      await registerAegisTypes(pool);

      for (const [i, status] of USER_STATUSES.entries()) {
        await insert('users', {
          id: uuid(i + 1),
          email: `user${i}@example.com`,
          password_hash: i === 0 ? astral(255) : `$2b$10$${'x'.repeat(53)}`,
          phone: i === 0 ? '+1 (415) 555-0100 x9' : null,
          phone_verified_at: i === 0 ? new Date('2026-01-01T00:00:00.123Z') : null,
          first_name: ['Ada', 'Grace', 'Edsger', 'Barbara'][i],
          last_name: i === 1 ? astral(100) : "O'Neil",
          role: USER_ROLES[i % USER_ROLES.length],
          status,
          stripe_customer_id: i === 0 ? 'cus_' + 'A'.repeat(251) : null,
          stripe_account_id: i === 1 ? 'acct_1' : null,
          email_verified_at: new Date('1970-01-01T00:00:00.000Z'),
          identity_verified_at: new Date('9999-12-31T23:59:59.999Z'),
          background_check_status: i === 1 ? 'checkr_clear' : null,
          profile_photo_url: null,
          bio: i === 0 ? 'line one\nline "two" \\ 🛡' : null,
          metadata: i === 0 ? { nested: { list: [1, 2.5, -0.125, null, true, 'x'] }, big: 9007199254740991 } : {},
          last_login_at: i === 3 ? null : new Date('2026-11-01T12:00:00Z'),
          deleted_at: i === 2 ? new Date('2026-11-02T00:00:00Z') : null,
        });
      }
      for (const [i, clearance] of GUARD_CLEARANCE_LEVELS.entries()) {
        await insert('guard_profiles', {
          user_id: uuid(i + 2),
          license_number: `LIC-${i}`,
          license_state: ['CA', 'NY', 'GU'][i],
          license_expiry_date: ['2027-02-28', '9999-12-31', '1900-01-01'][i],
          license_verified_at: i === 2 ? null : new Date('2026-03-01T08:00:00Z'),
          clearance_level: clearance,
          skills: i === 2 ? null : ['patrol', 'event_security'],
          certifications: [],
          availability_status: GUARD_AVAILABILITY_STATUSES[i],
          available_from: i === 0 ? new Date('2026-11-01T00:00:00Z') : null,
          available_until: i === 0 ? new Date('2026-12-01T00:00:00Z') : null,
          hourly_rate_cents: [0, 2500, 2147483647][i],
          total_jobs_completed: i === 2 ? null : 2147483647,
          average_rating: ['5.00', '0.00', null][i],
          total_hours_worked: 0,
          current_location: i === 2 ? null : POINTS[i],
          location_updated_at: null,
          background_check_report_url: 'https://checkr.example/r/1',
          background_check_completed_at: null,
          metadata: { shift: 'night' },
        });
      }
      const jobIds: string[] = [];
      for (const [i, status] of JOB_STATUSES.entries()) {
        const start = new Date(Date.UTC(2026, 10, 1 + i * 2, 9));
        const job = await insert('jobs', {
          customer_id: uuid(1),
          title: astral(255),
          description: i === 0 ? null : 'Front door',
          job_type: JOB_TYPES[i % JOB_TYPES.length],
          location_address: '1 Market St, San Francisco, CA',
          location_coordinates: POINTS[i % POINTS.length],
          location_notes: null,
          start_time: start,
          end_time: new Date(start.getTime() + 3 * 3600_000 + 1),
          required_clearance_level: GUARD_CLEARANCE_LEVELS[i % 3],
          required_skills: ['patrol'],
          special_requirements: null,
          hourly_rate_cents: 2500,
          total_amount_cents: 2147483647,
          platform_fee_cents: 0,
          guard_payout_cents: 2147483647,
          metadata: {},
        });
        jobIds.push(job.id as string);
        const path: JobStatus[] = status === 'cancelled' ? ['cancelled'] : JOB_STATUSES.slice(1, JOB_STATUSES.indexOf(status) + 1);
        for (const next of path) {
          const guard = next === 'cancelled' ? null : uuid(2);
          const where = next === 'in_progress' ? toGeographyParam(POINTS[2]!) : null;
          await pool.query(
            `UPDATE jobs SET status = $2, guard_id = coalesce(guard_id, $3), check_in_location = coalesce(check_in_location, $4::geography) WHERE id = $1`,
            [job.id, next, guard, where],
          );
        }
        if (status === 'completed' || status === 'paid')
          await pool.query('UPDATE jobs SET customer_rating = 5, guard_rating = 1, rated_at = now() WHERE id = $1', [job.id]);
      }
      for (const [i, location] of POINTS.entries()) {
        await insert('location_history', {
          guard_id: uuid(2),
          job_id: i === 0 ? null : jobIds[2],
          location,
          accuracy_meters: i === 0 ? null : '9999.99',
          altitude_meters: '-999999.99',
          speed_mps: '0.00',
          heading_degrees: '360.00',
          device_type: 'ios',
          app_version: '1.2.3',
          // one point in today's partition, one far outside every partition (the default one)
          recorded_at: i === 1 ? new Date('2001-01-01T00:00:00Z') : new Date(),
          is_offline_upload: i === 1,
        });
      }
      for (const [i, status] of PAYMENT_STATUSES.entries()) {
        await insert('payments', {
          job_id: jobIds[4],
          payer_id: uuid(1),
          payee_id: uuid(2),
          payment_type: PAYMENT_TYPES[i % PAYMENT_TYPES.length],
          status,
          amount_cents: 2147483647,
          platform_fee_cents: 0,
          stripe_fee_cents: 0,
          guard_payout_cents: i,
          stripe_payment_intent_id: `pi_${i}`,
          stripe_charge_id: null,
          failure_code: status === 'failed' ? 'card_declined' : null,
          refund_amount_cents: status === 'refunded' ? 2147483647 : 0,
          metadata: { attempt: i },
        });
      }
      await insert('sessions', {
        user_id: uuid(1),
        session_token: astral(255),
        expires_at: new Date('2099-01-01T00:00:00Z'),
        device_type: 'web',
        ip_address: '2001:db8::1',
      });
      await insert('sessions', {
        user_id: uuid(2),
        session_token: 'tok',
        refresh_token: null,
        expires_at: new Date(Date.now() + 3600_000),
      });
    });

    afterAll(async () => {
      await pool?.end();
      await db?.close();
    });

    it('introspect() gives the committed model fixture the unit tests render from (grants included)', () => {
      expect(model).toEqual(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'unit', 'fixtures', 'schema-model.json'), 'utf8')));
    });

    it('every row of every table passes its generated row schema, and each enum label was stored', async () => {
      for (const table of Object.keys(tableSchemas) as TableName[]) {
        const { rows } = await pool.query(`SELECT * FROM ${table}`);
        expect(rows.length, `${table} has fixture rows`).toBeGreaterThan(0);
        for (const row of rows) {
          const parsed = tableSchemas[table].row.strict().parse(row);
          expect(parsed).toEqual(row);
        }
      }
      const labels = async (sql: string) => (await pool.query(sql)).rows.map((row) => row.v as string).sort();
      expect(await labels('SELECT DISTINCT status AS v FROM jobs')).toEqual([...JOB_STATUSES].sort());
      expect(await labels('SELECT DISTINCT to_status AS v FROM job_status_history')).toEqual([...JOB_STATUSES].sort());
      expect(await labels('SELECT DISTINCT status AS v FROM payments')).toEqual([...PAYMENT_STATUSES].sort());
      expect(await labels('SELECT DISTINCT role AS v FROM users')).toEqual([...USER_ROLES].sort());
    });

    it('reads a date as YYYY-MM-DD, numeric and int8 exactly, enum arrays as arrays, points as GeoJSON', async () => {
      const { rows } =
        await pool.query(`SELECT '9999-12-31'::date AS d, '12345678901234567.89'::numeric AS n, '9223372036854775807'::int8 AS big,
        ARRAY['paid','cancelled',NULL]::job_status[] AS statuses, ARRAY['1.10','2']::numeric[] AS ns,
        ARRAY['2026-02-28']::date[] AS ds, 'SRID=4326;POINT(-180 -90)'::geography AS p`);
      expect(rows[0]).toEqual({
        d: '9999-12-31',
        n: '12345678901234567.89',
        big: '9223372036854775807',
        statuses: ['paid', 'cancelled', null],
        ns: ['1.10', '2'],
        ds: ['2026-02-28'],
        p: point(-180, -90),
      });
    });
  });
}
