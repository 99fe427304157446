import type { JobSeed, LocationSeed, PaymentSeed } from '../row-schemas.js';
import { near, point, round6, type Point } from './los-angeles.js';
import type { Random } from './random.js';
import type { JobPlan } from '../seed-dataset.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** R-7's split: the platform keeps 15 %, the guard earns the rest. */
export function price(
  hourlyRateCents: number,
  start: Date,
  end: Date,
): Pick<JobSeed, 'hourly_rate_cents' | 'total_amount_cents' | 'platform_fee_cents' | 'guard_payout_cents'> {
  const total = Math.round((hourlyRateCents * (end.getTime() - start.getTime())) / HOUR);
  const fee = Math.round(total * 0.15);
  return { hourly_rate_cents: hourlyRateCents, total_amount_cents: total, platform_fee_cents: fee, guard_payout_cents: total - fee };
}

/** Stripe's 2.9 % + 30¢. */
export function stripeFee(amountCents: number): number {
  return Math.round(amountCents * 0.029) + 30;
}

type Nullable = string | null;

/** A payment of the job between its customer and its guard (the guard's payout share as the job has it). */
function paymentRow(
  plan: JobPlan,
  id: string,
  row: {
    type: PaymentSeed['payment_type'];
    status: PaymentSeed['status'];
    /** amount, platform fee, Stripe fee (cents) */
    amounts: [number, number, number];
    /** payment intent, charge, payout and transfer ids */
    stripe: [Nullable, Nullable, Nullable, Nullable];
    /** created, updated, succeeded */
    times: [Date, Date, Date | null];
  },
): PaymentSeed {
  const { job } = plan;
  const [amount, platformFee, stripeFeeCents] = row.amounts;
  const [intent, charge, payout, transfer] = row.stripe;
  const [created, updated, succeeded] = row.times;
  return {
    id,
    job_id: job.id,
    payer_id: job.customer_id,
    payee_id: plan.guardId!,
    payment_type: row.type,
    status: row.status,
    amount_cents: amount,
    platform_fee_cents: platformFee,
    stripe_fee_cents: stripeFeeCents,
    guard_payout_cents: job.guard_payout_cents,
    stripe_payment_intent_id: intent,
    stripe_charge_id: charge,
    stripe_payout_id: payout,
    stripe_transfer_id: transfer,
    metadata: {},
    created_at: created,
    updated_at: updated,
    succeeded_at: succeeded,
  };
}

/**
 * The charge (customer → platform, succeeded at completion) and the payout (platform → guard: succeeded
 * for paid jobs, pending for completed ones) of a finished job. The charge carries R-7's split as the job
 * has it (platform fee + guard payout = amount) with Stripe's fee beside it: the platform's cost, not a
 * share taken from either.
 */
export function paymentsFor(plan: JobPlan, random: Random): PaymentSeed[] {
  const { job } = plan;
  if ((plan.target !== 'completed' && plan.target !== 'paid') || !plan.guardId || !plan.checkOut) return [];
  const completedAt = plan.checkOut.at;
  const fee = stripeFee(job.total_amount_cents);
  const paid = plan.target === 'paid';
  const payoutAt = plan.payoutAt ?? completedAt;
  // Each payment's Stripe ids come from one token, drawn before its row id.
  const chargeId = random.token(24);
  const charge = paymentRow(plan, random.uuid(), {
    type: 'charge',
    status: 'succeeded',
    amounts: [job.total_amount_cents, job.platform_fee_cents, fee],
    stripe: [`pi_${chargeId}`, `ch_${chargeId}`, null, null],
    times: [job.created_at, completedAt, completedAt],
  });
  const transferId = random.token(24);
  const payout = paymentRow(plan, random.uuid(), {
    type: 'payout',
    status: paid ? 'succeeded' : 'pending',
    amounts: [job.guard_payout_cents, 0, 0],
    stripe: [null, null, paid ? `po_${transferId}` : null, paid ? `tr_${transferId}` : null],
    times: [completedAt, paid ? payoutAt : completedAt, paid ? payoutAt : null],
  });
  return [charge, payout];
}

/** The window a job's GPS trail covers: check-in to check-out, or to `now` while in progress. */
export function trailWindow(plan: JobPlan, now: Date): { from: Date; to: Date } | undefined {
  if (!plan.checkIn) return undefined;
  if (plan.target === 'in_progress') return { from: plan.checkIn.at, to: now };
  if (plan.checkOut) return { from: plan.checkIn.at, to: plan.checkOut.at };
  if (plan.cancellation) return { from: plan.checkIn.at, to: plan.cancellation.at };
  return undefined;
}

/**
 * The guard's GPS points during a job: a slow walk around the site (patrol), evenly spaced over the
 * window. Lazy: load volumes are generated as they are written.
 */
export function* trail(plan: JobPlan, window: { from: Date; to: Date }, random: Random): Generator<LocationSeed> {
  if (!plan.guardId || plan.trailPoints === 0) return;
  const [siteLon, siteLat] = plan.job.location_coordinates.coordinates;
  const stepMs = Math.max(Math.floor((window.to.getTime() - window.from.getTime()) / plan.trailPoints), 1000);
  let lon = siteLon;
  let lat = siteLat;
  const device = random.pick(['ios', 'android'] as const);
  for (let i = 0; i < plan.trailPoints; i += 1) {
    const heading = random.float(0, 360);
    const speed = random.float(0, 1.6);
    // Drift back towards the site so the guard stays on it.
    lon += (siteLon - lon) * 0.2 + (Math.sin((heading * Math.PI) / 180) * speed * 30) / 92_000;
    lat += (siteLat - lat) * 0.2 + (Math.cos((heading * Math.PI) / 180) * speed * 30) / 111_000;
    const recorded = new Date(window.from.getTime() + i * stepMs);
    const offline = random.chance(0.02);
    const uploaded = new Date(recorded.getTime() + (offline ? random.int(5, 40) * MINUTE : random.int(1, 5) * 1000));
    yield {
      id: random.uuid(),
      guard_id: plan.guardId,
      job_id: plan.job.id,
      location: point(lon, lat),
      accuracy_meters: random.float(3, 25).toFixed(2),
      altitude_meters: random.float(40, 120).toFixed(2),
      speed_mps: speed.toFixed(2),
      heading_degrees: heading.toFixed(2),
      device_type: device,
      app_version: '1.4.2',
      recorded_at: recorded,
      uploaded_at: uploaded,
      is_offline_upload: offline,
      created_at: uploaded,
    };
  }
}

/** Check-in and check-out a few meters from the site, consistent with the scheduled times. */
export function checkPoints(
  random: Random,
  site: Point,
  start: Date,
  end: Date,
): { checkIn: { at: Date; location: Point }; checkOut: { at: Date; location: Point } } {
  return {
    checkIn: { at: new Date(start.getTime() - random.int(2, 12) * MINUTE), location: near(random, site, 40) },
    checkOut: { at: new Date(end.getTime() + random.int(0, 10) * MINUTE), location: near(random, site, 40) },
  };
}

export { HOUR, MINUTE, round6 };
