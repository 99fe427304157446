import { describe, expectTypeOf, it } from 'vitest';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { z } from 'zod';
import type * as T from '../../src/generated/types.js';
import * as S from '../../src/generated/schemas.js';
import { JOB_STATUSES, USER_ROLES } from '../../src/generated/types.js';

// These assertions are checked by the compiler (`npm run typecheck`, and with exactOptionalPropertyTypes in
// write-types.test.ts); at run time they are no-ops.
describe('generated zod schemas agree with the generated types', () => {
  it('row schemas infer the row types; insert and update schemas output what the insert and update types take', () => {
    expectTypeOf<z.infer<typeof S.userSchema>>().toEqualTypeOf<T.User>();
    expectTypeOf<z.infer<typeof S.publicUserSchema>>().toEqualTypeOf<T.PublicUser>();
    expectTypeOf<z.infer<typeof S.guardProfileSchema>>().toEqualTypeOf<T.GuardProfile>();
    expectTypeOf<z.infer<typeof S.jobSchema>>().toEqualTypeOf<T.Job>();
    expectTypeOf<z.infer<typeof S.publicJobSchema>>().toEqualTypeOf<T.PublicJob>();
    expectTypeOf<z.infer<typeof S.jobStatusHistorySchema>>().toEqualTypeOf<T.JobStatusHistory>();
    expectTypeOf<z.infer<typeof S.locationHistorySchema>>().toEqualTypeOf<T.LocationHistory>();
    expectTypeOf<z.infer<typeof S.paymentSchema>>().toEqualTypeOf<T.Payment>();
    expectTypeOf<z.infer<typeof S.sessionSchema>>().toEqualTypeOf<T.Session>();
    expectTypeOf<z.output<typeof S.userInsertSchema>>().toExtend<T.UserInsert>();
    expectTypeOf<z.output<typeof S.userInsertJsonSchema>>().toExtend<T.UserInsert>();
    expectTypeOf<z.output<typeof S.userUpdateSchema>>().toExtend<T.UserUpdate>();
    expectTypeOf<z.output<typeof S.jobInsertSchema>>().toExtend<T.JobInsert>();
    expectTypeOf<z.output<typeof S.jobInsertJsonSchema>>().toExtend<T.JobInsert>();
    expectTypeOf<z.output<typeof S.jobUpdateJsonSchema>>().toExtend<T.JobUpdate>();
    expectTypeOf<z.output<typeof S.guardProfileInsertSchema>>().toExtend<T.GuardProfileInsert>();
    expectTypeOf<z.output<typeof S.locationHistoryInsertSchema>>().toExtend<T.LocationHistoryInsert>();
    expectTypeOf<z.output<typeof S.paymentInsertSchema>>().toExtend<T.PaymentInsert>();
    expectTypeOf<z.output<typeof S.sessionInsertSchema>>().toExtend<T.SessionInsert>();
  });

  it('enums: schema, union and runtime labels; CHECK IN lists as unions', () => {
    expectTypeOf<z.infer<typeof S.jobStatusSchema>>().toEqualTypeOf<T.JobStatus>();
    expectTypeOf<(typeof JOB_STATUSES)[number]>().toEqualTypeOf<T.JobStatus>();
    expectTypeOf<(typeof USER_ROLES)[number]>().toEqualTypeOf<T.UserRole>();
    expectTypeOf<T.UserRole>().toEqualTypeOf<'customer' | 'guard' | 'admin'>();
    expectTypeOf<T.LocationHistory['device_type']>().toEqualTypeOf<'ios' | 'android' | 'web' | null>();
    expectTypeOf<T.Job['required_skills']>().toEqualTypeOf<string[] | null>();
    expectTypeOf<T.Job['metadata']>().toEqualTypeOf<T.JsonObject | null>();
  });

  it('public rows never carry a credential; inserts leave database-written columns out', () => {
    expectTypeOf<T.PublicUser>().not.toHaveProperty('password_hash');
    expectTypeOf<T.PublicSession>().not.toHaveProperty('session_token');
    expectTypeOf<T.JobInsert>().not.toHaveProperty('duration_hours');
    expectTypeOf<T.JobStatusHistoryInsert>().toEqualTypeOf<never>();
    expectTypeOf<T.Job['location_coordinates']>().toEqualTypeOf<T.GeoPoint>();
    expectTypeOf<T.JobInsert['location_coordinates']>().toEqualTypeOf<T.GeographyParam>();
    expectTypeOf<T.GuardProfile['license_expiry_date']>().toEqualTypeOf<string>();
    expectTypeOf(S.tableSchemas.jobs.row).toEqualTypeOf(S.jobSchema);
  });

  it('DB is what Kysely reads: rows on select, the insert and update types on write', () => {
    expectTypeOf<Selectable<T.DB['jobs']>>().toEqualTypeOf<T.Job>();
    expectTypeOf<Selectable<T.DB['users']>>().toEqualTypeOf<T.User>();
    expectTypeOf<Insertable<T.DB['users']>>().toExtend<T.UserInsert>();
    expectTypeOf<{ email: string; password_hash: string; first_name: string; last_name: string }>().toExtend<Insertable<T.DB['users']>>();
    expectTypeOf<Insertable<T.DB['jobs']>>().not.toHaveProperty('duration_hours');
    expectTypeOf<Updateable<T.DB['jobs']>>().not.toHaveProperty('duration_hours');
    expectTypeOf<{ reason: string }>().not.toExtend<Updateable<T.DB['job_status_history']>>();
    expectTypeOf<{ job_id: string; to_status: 'requested' }>().not.toExtend<Insertable<T.DB['job_status_history']>>();
  });
});
