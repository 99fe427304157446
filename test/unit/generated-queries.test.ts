import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import * as Q from '../../src/generated/queries.js';
import type { GeoPoint, GuardClearanceLevel, JobStatus } from '../../src/generated/types.js';

// Checked by the compiler (`npm run typecheck`); at run time these are no-ops.
describe('generated named queries', () => {
  it('each zod row schema infers exactly its row type', () => {
    expectTypeOf<z.infer<typeof Q.customerPaymentHistoryRowSchema>>().toEqualTypeOf<Q.CustomerPaymentHistoryRow>();
    expectTypeOf<z.infer<typeof Q.dailyReconciliationRowSchema>>().toEqualTypeOf<Q.DailyReconciliationRow>();
    expectTypeOf<z.infer<typeof Q.guardActiveJobsRowSchema>>().toEqualTypeOf<Q.GuardActiveJobsRow>();
    expectTypeOf<z.infer<typeof Q.guardPendingPayoutsRowSchema>>().toEqualTypeOf<Q.GuardPendingPayoutsRow>();
    expectTypeOf<z.infer<typeof Q.jobLocationTrailRowSchema>>().toEqualTypeOf<Q.JobLocationTrailRow>();
    expectTypeOf<z.infer<typeof Q.matchGuardsForJobRowSchema>>().toEqualTypeOf<Q.MatchGuardsForJobRow>();
    expectTypeOf<z.infer<typeof Q.nearestAvailableGuardsRowSchema>>().toEqualTypeOf<Q.NearestAvailableGuardsRow>();
  });

  it('functions take their params type and resolve to their rows', () => {
    expectTypeOf(Q.matchGuardsForJob).parameter(1).toEqualTypeOf<Q.MatchGuardsForJobParams>();
    expectTypeOf(Q.matchGuardsForJob).returns.resolves.toEqualTypeOf<Q.MatchGuardsForJobRow[]>();
    expectTypeOf<Q.MatchGuardsForJobParams>().toEqualTypeOf<{ jobId: string; radiusMeters?: number; limit?: number | bigint | string }>();
    expectTypeOf<Q.MatchGuardsForJobRow['clearance_level']>().toEqualTypeOf<GuardClearanceLevel>();
    expectTypeOf<Q.GuardActiveJobsRow['status']>().toEqualTypeOf<JobStatus>();
    expectTypeOf<Q.DailyReconciliationRow['amount_cents']>().toEqualTypeOf<string>();
    expectTypeOf<Q.CustomerPaymentHistoryRow['succeeded_at']>().toEqualTypeOf<Date | null>();
    expectTypeOf<Q.JobLocationTrailRow['accuracy_meters']>().toEqualTypeOf<string | null>();
    expectTypeOf<GeoPoint>().not.toBeUnknown();
  });
});
