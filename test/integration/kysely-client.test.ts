import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { jobInsertJsonSchema, jobSchema, jobUpdateJsonSchema, userSchema } from '../../src/generated/schemas.js';
import type { DB, GeoPoint } from '../../src/generated/types.js';
import { jsonb, registerAegisTypes, toGeographyParam } from '../../src/pg-types/index.js';
import { STRICT_CONSUMER_OPTIONS } from '../helpers/strict-consumer.js';

const root = join(import.meta.dirname, '..', '..');
const sanFrancisco: GeoPoint = { type: 'Point', coordinates: [-122.41941550000001, 37.77492950000001] };

for (const engine of engines()) {
  describe(`${engine.name}: Kysely<DB> over the registered pool`, () => {
    let database: TestDatabase;
    let pool: pg.Pool;
    let db: Kysely<DB>;
    let customerId: string;
    let guardId: string;

    beforeAll(async () => {
      database = await engine.migrated();
      pool = new pg.Pool({ connectionString: database.url, max: 1 });
      await registerAegisTypes(pool);
      db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      // Only the columns a person gives: id, role, status, metadata and the timestamps come from the database.
      const customer = await db
        .insertInto('users')
        .values({ email: 'ada@example.com', password_hash: '$2b$10$' + 'x'.repeat(53), first_name: 'Ada', last_name: 'Lovelace' })
        .returningAll()
        .executeTakeFirstOrThrow();
      expect(userSchema.parse(customer)).toEqual(customer);
      expect(customer).toMatchObject({ role: 'customer', status: 'pending_verification', metadata: {} });
      customerId = customer.id;
      const guard = await db
        .insertInto('users')
        .values({
          email: 'grace@example.com',
          password_hash: 'h',
          first_name: 'Grace',
          last_name: 'Hopper',
          role: 'guard',
          metadata: { shift: 'night' },
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      guardId = guard.id;
    });

    afterAll(async () => {
      await db?.destroy();
      await database?.close();
    });

    it('writes a geography point and a jsonb array and reads them back as GeoJSON and an array', async () => {
      const profile = await db
        .insertInto('guard_profiles')
        .values({
          user_id: guardId,
          license_number: 'CA-1',
          license_state: 'CA',
          license_expiry_date: '2027-06-30',
          hourly_rate_cents: 3500,
          skills: jsonb(['patrol', 'event_security']),
          current_location: toGeographyParam(sanFrancisco),
          available_from: '2026-12-01T08:00:00Z',
          available_until: new Date('2026-12-01T20:00:00Z'),
        })
        .returning(['skills', 'current_location', 'certifications', 'available_from'])
        .executeTakeFirstOrThrow();
      expect(profile).toEqual({
        skills: ['patrol', 'event_security'],
        current_location: sanFrancisco,
        certifications: [],
        available_from: new Date('2026-12-01T08:00:00Z'),
      });
    });

    it('inserts a job with only what a person gives, selects it joined to its customer, and updates it', async () => {
      const job = await db
        .insertInto('jobs')
        .values({
          customer_id: customerId,
          title: 'Night patrol',
          job_type: 'patrol',
          location_address: '1 Market St, San Francisco',
          location_coordinates: toGeographyParam(sanFrancisco),
          start_time: new Date('2026-12-01T22:00:00Z'),
          end_time: '2026-12-02T06:30:00Z',
          hourly_rate_cents: 3500,
          total_amount_cents: 29750,
          platform_fee_cents: 4462,
          guard_payout_cents: 25288,
          required_skills: jsonb(['patrol']),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      expect(jobSchema.parse(job)).toEqual(job);
      expect(job).toMatchObject({
        status: 'requested',
        duration_hours: '8.50',
        required_skills: ['patrol'],
        location_coordinates: sanFrancisco,
        metadata: {},
      });

      const joined = await db
        .selectFrom('jobs')
        .innerJoin('users', 'users.id', 'jobs.customer_id')
        .select([
          'jobs.title',
          'jobs.status',
          'users.email',
          sql<number>`ST_Distance(jobs.location_coordinates, ${toGeographyParam(sanFrancisco)}::geography)`.as('meters'),
        ])
        .where('jobs.id', '=', job.id)
        .executeTakeFirstOrThrow();
      expect(joined).toEqual({ title: 'Night patrol', status: 'requested', email: 'ada@example.com', meters: 0 });

      const updated = await db
        .updateTable('jobs')
        .set({ status: 'matched', guard_id: guardId, required_skills: jsonb(['patrol', 'first_aid']), metadata: { gate: 'B' } })
        .where('id', '=', job.id)
        .returning(['status', 'guard_id', 'required_skills', 'metadata', 'updated_at'])
        .executeTakeFirstOrThrow();
      expect(updated).toMatchObject({
        status: 'matched',
        guard_id: guardId,
        required_skills: ['patrol', 'first_aid'],
        metadata: { gate: 'B' },
      });
      expect(updated.updated_at).toBeInstanceOf(Date);
    });

    it('writes what the JSON-payload schemas output, as they output it', async () => {
      const payload: unknown = JSON.parse(
        JSON.stringify({
          customer_id: customerId,
          title: 'Event door',
          job_type: 'event',
          location_address: 'Pier 39',
          location_coordinates: { type: 'Point', coordinates: [-122.4098, 37.8087] },
          start_time: '2026-12-05T18:00:00.000Z',
          end_time: '2026-12-05T23:00:00+00:00',
          hourly_rate_cents: 4000,
          total_amount_cents: 20000,
          platform_fee_cents: 3000,
          guard_payout_cents: 17000,
          required_skills: ['crowd_control'],
          metadata: { source: 'api' },
        }),
      );
      const job = await db.insertInto('jobs').values(jobInsertJsonSchema.parse(payload)).returningAll().executeTakeFirstOrThrow();
      expect(job).toMatchObject({
        duration_hours: '5.00',
        required_skills: ['crowd_control'],
        location_coordinates: { type: 'Point', coordinates: [-122.4098, 37.8087] },
        metadata: { source: 'api' },
      });
      const patch = jobUpdateJsonSchema.parse({ location_notes: 'Side entrance', check_in_location: null });
      await db.updateTable('jobs').set(patch).where('id', '=', job.id).execute();
      expect((await db.selectFrom('jobs').select('location_notes').where('id', '=', job.id).executeTakeFirstOrThrow()).location_notes).toBe(
        'Side entrance',
      );
    });
  });
}

describe('a strict Kysely consumer of aegis-db/types, /schemas and /pg', () => {
  // test/types/kysely-consumer.ts compiles under `npm run typecheck` (exactOptionalPropertyTypes off); here with it on.
  const work = mkdtempSync(join(root, '.scratch-kysely-consumer-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('compiles inserts, updates and the zod outputs, and rejects each @ts-expect-error, under strict + exactOptionalPropertyTypes', async () => {
    const config = join(work, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: STRICT_CONSUMER_OPTIONS,
        files: [join(root, 'test', 'types', 'kysely-consumer.ts')],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', config], { cwd: work, encoding: 'utf8' }).then(
      () => ({ code: 0, out: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, out: error.stdout }),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  }, 180_000);
});
