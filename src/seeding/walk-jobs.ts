import type pg from 'pg';
import { pathOf, WALK_STEPS, type JobPlan } from './seed-dataset.js';
import { toSqlText } from './write-rows.js';

const CHUNK = 5000;

type Step = (typeof WALK_STEPS)[number];

/** Per step: the UPDATE applied to every job passing through it, and the arrays it reads. */
const STEP_SQL: Record<Step, { sql: string; values: (plan: JobPlan) => unknown[] }> = {
  matched: {
    sql: `UPDATE jobs j SET status = 'matched', guard_id = v.guard_id
            FROM unnest($1::uuid[], $2::uuid[]) AS v(id, guard_id) WHERE j.id = v.id`,
    values: (plan) => [plan.guardId],
  },
  in_progress: {
    sql: `UPDATE jobs j SET status = 'in_progress', guard_checked_in_at = v.at, check_in_location = v.location::geography
            FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS v(id, at, location) WHERE j.id = v.id`,
    values: (plan) => [plan.checkIn!.at, plan.checkIn!.location],
  },
  completed: {
    sql: `UPDATE jobs j SET status = 'completed', guard_checked_out_at = v.at, check_out_location = v.location::geography,
                 completed_at = v.at, customer_rating = v.customer_rating, customer_review = v.customer_review,
                 guard_rating = v.guard_rating, guard_review = v.guard_review, rated_at = v.rated_at
            FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::timestamptz[])
                 AS v(id, at, location, customer_rating, customer_review, guard_rating, guard_review, rated_at)
           WHERE j.id = v.id`,
    values: (plan) => [
      plan.checkOut!.at,
      plan.checkOut!.location,
      plan.rating?.customerRating ?? null,
      plan.rating?.customerReview ?? null,
      plan.rating?.guardRating ?? null,
      plan.rating?.guardReview ?? null,
      plan.rating?.ratedAt ?? null,
    ],
  },
  paid: {
    sql: `UPDATE jobs j SET status = 'paid' FROM unnest($1::uuid[]) AS v(id) WHERE j.id = v.id`,
    values: () => [],
  },
  cancelled: {
    sql: `UPDATE jobs j SET status = 'cancelled', cancelled_at = v.at, cancellation_reason = v.reason
            FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS v(id, at, reason) WHERE j.id = v.id`,
    values: (plan) => [plan.cancellation!.at, plan.cancellation!.reason],
  },
};

/**
 * Moves freshly inserted (`requested`) jobs to their planned status through legal transitions only,
 * one set-based UPDATE per step, so the lifecycle trigger accepts every change and writes the history.
 */
export async function walkJobs(
  client: pg.ClientBase,
  plans: readonly JobPlan[],
  onStep?: (step: Step, jobs: number) => void,
): Promise<void> {
  const paths = new Map(plans.map((plan) => [plan.job.id, pathOf(plan)]));
  for (const step of WALK_STEPS) {
    const moving = plans.filter((plan) => paths.get(plan.job.id)!.includes(step));
    for (let offset = 0; offset < moving.length; offset += CHUNK) {
      const chunk = moving.slice(offset, offset + CHUNK);
      const columns: unknown[][] = [chunk.map((plan) => plan.job.id)];
      for (const plan of chunk) {
        STEP_SQL[step].values(plan).forEach((value, i) => {
          (columns[i + 1] ??= []).push(value instanceof Date || (typeof value === 'object' && value !== null) ? toSqlText(value) : value);
        });
      }
      await client.query(STEP_SQL[step].sql, columns);
    }
    onStep?.(step, moving.length);
  }
}

/**
 * The trigger stamps history rows with the seeding transaction's time and no actor. Seeded history
 * tells the story the job columns tell instead: requested when created, matched an hour later, in
 * progress at check-in, completed at check-out, paid when the payout succeeded, cancelled at
 * cancelled_at; by the customer (request, cancel), the guard (match, check-in, check-out) or the
 * platform (paid, no actor).
 */
export async function stampStatusHistory(client: pg.ClientBase, jobIds: readonly string[]): Promise<void> {
  for (let offset = 0; offset < jobIds.length; offset += CHUNK) {
    await client.query(
      `UPDATE job_status_history h SET
         changed_at = CASE h.to_status
           WHEN 'requested' THEN j.created_at
           WHEN 'matched' THEN j.created_at + interval '1 hour'
           WHEN 'in_progress' THEN j.guard_checked_in_at
           WHEN 'completed' THEN j.completed_at
           WHEN 'paid' THEN coalesce((SELECT max(p.succeeded_at) FROM payments p WHERE p.job_id = j.id AND p.payment_type = 'payout'), j.completed_at)
           WHEN 'cancelled' THEN j.cancelled_at
         END,
         changed_by = CASE WHEN h.to_status IN ('requested', 'cancelled') THEN j.customer_id
                           WHEN h.to_status = 'paid' THEN NULL
                           ELSE j.guard_id END
       FROM jobs j
      WHERE j.id = h.job_id AND h.job_id = ANY($1::uuid[])`,
      [jobIds.slice(offset, offset + CHUNK)],
    );
  }
}
