// A strict service using Kysely<DB>: compiled by `npm run typecheck` (exactOptionalPropertyTypes off) and by
// test/integration/kysely-client.test.ts with it on. Every @ts-expect-error must be an error in both.
import { Kysely, type Insertable } from 'kysely';
import type { z } from 'zod';
import type { DB, JobInsert, JobUpdate, UserInsert } from '../../src/generated/types.js';
import { jobInsertJsonSchema, jobInsertSchema, jobUpdateSchema, userInsertSchema } from '../../src/generated/schemas.js';
import { jsonb, toGeographyParam } from '../../src/pg-types/index.js';

export async function service(db: Kysely<DB>, customerId: string, body: unknown): Promise<void> {
  await db.insertInto('users').values({ email: 'a@example.com', password_hash: 'h', first_name: 'A', last_name: 'B' }).execute();
  const job = {
    customer_id: customerId, title: 't', job_type: 'patrol', location_address: 'here',
    location_coordinates: toGeographyParam({ type: 'Point', coordinates: [0, 0] }),
    start_time: new Date(), end_time: '2026-12-01T00:00:00Z',
    hourly_rate_cents: 1, total_amount_cents: 1, platform_fee_cents: 0, guard_payout_cents: 1,
    required_skills: jsonb(['patrol']),
  } as const;
  await db.insertInto('jobs').values(job).execute();
  await db.insertInto('jobs').values(jobInsertJsonSchema.parse(body)).execute();
  await db.insertInto('jobs').values(jobInsertSchema.parse(body)).execute();
  await db.updateTable('jobs').set(jobUpdateSchema.parse(body)).execute();
  await db.updateTable('jobs').set({ status: 'matched', metadata: { a: 1 } }).execute();
  await db.selectFrom('job_status_history').selectAll().execute();
  const fromZod: JobInsert = jobInsertSchema.parse(body);
  const fromJson: JobInsert = jobInsertJsonSchema.parse(body);
  const patch: JobUpdate = jobUpdateSchema.parse(body);
  const user: UserInsert = userInsertSchema.parse(body);
  const kyselyUser: Insertable<DB['users']> = user;
  const inferred: JobInsert = {} as z.output<typeof jobInsertSchema>;
  void [fromZod, fromJson, patch, kyselyUser, inferred];

  // @ts-expect-error duration_hours is GENERATED ALWAYS: never inserted
  await db.insertInto('jobs').values({ ...job, duration_hours: '8.00' }).execute();
  // @ts-expect-error duration_hours is GENERATED ALWAYS: never updated
  await db.updateTable('jobs').set({ duration_hours: '8.00' }).execute();
  // @ts-expect-error aegis_app may only read job_status_history (a trigger writes it)
  await db.insertInto('job_status_history').values({ job_id: customerId, to_status: 'requested' }).execute();
  // @ts-expect-error aegis_app may only read job_status_history
  await db.updateTable('job_status_history').set({ reason: 'x' }).execute();
  // @ts-expect-error 'done' is not a job_status label
  await db.updateTable('jobs').set({ status: 'done' }).execute();
  // @ts-expect-error device_type is CHECKed to ios, android or web
  await db.insertInto('location_history').values({ guard_id: customerId, location: toGeographyParam({ type: 'Point', coordinates: [0, 0] }), device_type: 'blackberry' }).execute();
  // @ts-expect-error title (and more) is required
  await db.insertInto('jobs').values({ customer_id: customerId }).execute();
  // @ts-expect-error email is required
  await db.insertInto('users').values({ password_hash: 'h', first_name: 'A', last_name: 'B' }).execute();
  // @ts-expect-error a GeoJSON point is not a geography parameter (PostGIS cannot read it): use toGeographyParam()
  await db.updateTable('jobs').set({ location_coordinates: { type: 'Point', coordinates: [0, 0] } }).execute();
  // @ts-expect-error a JS array is sent as a PostgreSQL array literal, not jsonb: use jsonb()
  await db.updateTable('jobs').set({ required_skills: ['patrol'] }).execute();
  // @ts-expect-error required_skills holds strings only
  await db.updateTable('jobs').set({ required_skills: jsonb([1]) }).execute();
  // @ts-expect-error numeric is written as a decimal string
  await db.updateTable('guard_profiles').set({ average_rating: 4.5 }).execute();
}
