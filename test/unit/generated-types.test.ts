import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as T from '../../src/generated/types.js';
import * as S from '../../src/generated/schemas.js';
import { JOB_STATUSES, USER_ROLES } from '../../src/generated/types.js';

// These assertions are checked by the compiler (`npm run typecheck`); at run time they are no-ops.
describe('generated zod schemas agree with the generated types', () => {
  it('row, insert, update and public schemas of every table', () => {
    expectTypeOf<z.infer<typeof S.userSchema>>().toEqualTypeOf<T.User>();
    expectTypeOf<z.infer<typeof S.userInsertSchema>>().toEqualTypeOf<T.UserInsert>();
    expectTypeOf<z.infer<typeof S.userUpdateSchema>>().toEqualTypeOf<T.UserUpdate>();
    expectTypeOf<z.infer<typeof S.publicUserSchema>>().toEqualTypeOf<T.PublicUser>();
    expectTypeOf<z.infer<typeof S.guardProfileSchema>>().toEqualTypeOf<T.GuardProfile>();
    expectTypeOf<z.infer<typeof S.guardProfileInsertSchema>>().toEqualTypeOf<T.GuardProfileInsert>();
    expectTypeOf<z.infer<typeof S.guardProfileUpdateSchema>>().toEqualTypeOf<T.GuardProfileUpdate>();
    expectTypeOf<z.infer<typeof S.publicGuardProfileSchema>>().toEqualTypeOf<T.PublicGuardProfile>();
    expectTypeOf<z.infer<typeof S.jobSchema>>().toEqualTypeOf<T.Job>();
    expectTypeOf<z.infer<typeof S.jobInsertSchema>>().toEqualTypeOf<T.JobInsert>();
    expectTypeOf<z.infer<typeof S.jobUpdateSchema>>().toEqualTypeOf<T.JobUpdate>();
    expectTypeOf<z.infer<typeof S.publicJobSchema>>().toEqualTypeOf<T.PublicJob>();
    expectTypeOf<z.infer<typeof S.jobStatusHistorySchema>>().toEqualTypeOf<T.JobStatusHistory>();
    expectTypeOf<z.infer<typeof S.jobStatusHistoryInsertSchema>>().toEqualTypeOf<T.JobStatusHistoryInsert>();
    expectTypeOf<z.infer<typeof S.jobStatusHistoryUpdateSchema>>().toEqualTypeOf<T.JobStatusHistoryUpdate>();
    expectTypeOf<z.infer<typeof S.locationHistorySchema>>().toEqualTypeOf<T.LocationHistory>();
    expectTypeOf<z.infer<typeof S.locationHistoryInsertSchema>>().toEqualTypeOf<T.LocationHistoryInsert>();
    expectTypeOf<z.infer<typeof S.locationHistoryUpdateSchema>>().toEqualTypeOf<T.LocationHistoryUpdate>();
    expectTypeOf<z.infer<typeof S.paymentSchema>>().toEqualTypeOf<T.Payment>();
    expectTypeOf<z.infer<typeof S.paymentInsertSchema>>().toEqualTypeOf<T.PaymentInsert>();
    expectTypeOf<z.infer<typeof S.paymentUpdateSchema>>().toEqualTypeOf<T.PaymentUpdate>();
    expectTypeOf<z.infer<typeof S.sessionSchema>>().toEqualTypeOf<T.Session>();
    expectTypeOf<z.infer<typeof S.sessionInsertSchema>>().toEqualTypeOf<T.SessionInsert>();
    expectTypeOf<z.infer<typeof S.sessionUpdateSchema>>().toEqualTypeOf<T.SessionUpdate>();
  });

  it('enums: schema, union and runtime labels', () => {
    expectTypeOf<z.infer<typeof S.jobStatusSchema>>().toEqualTypeOf<T.JobStatus>();
    expectTypeOf<(typeof JOB_STATUSES)[number]>().toEqualTypeOf<T.JobStatus>();
    expectTypeOf<(typeof USER_ROLES)[number]>().toEqualTypeOf<T.UserRole>();
    expectTypeOf<T.UserRole>().toEqualTypeOf<'customer' | 'guard' | 'admin'>();
  });

  it('public rows never carry a credential; inserts leave database-written columns out', () => {
    expectTypeOf<T.PublicUser>().not.toHaveProperty('password_hash');
    expectTypeOf<T.PublicSession>().not.toHaveProperty('session_token');
    expectTypeOf<T.JobInsert>().not.toHaveProperty('duration_hours');
    expectTypeOf<T.JobStatusHistoryInsert>().not.toHaveProperty('id');
    expectTypeOf<T.Job['location_coordinates']>().toEqualTypeOf<T.GeoPoint>();
    expectTypeOf<T.GuardProfile['license_expiry_date']>().toEqualTypeOf<string>();
    expectTypeOf<T.DB['jobs']>().toEqualTypeOf<T.Job>();
    expectTypeOf(S.tableSchemas.jobs.row).toEqualTypeOf(S.jobSchema);
  });
});
