import type { GuardProfileSeed, JobSeed, JobStatus, LocationSeed, PaymentSeed, SessionSeed, UserSeed } from './row-schemas.js';
import type { GeoPoint } from '../generated/types.js';

/**
 * A job and the lifecycle it is walked through after being inserted as `requested`
 * (the trigger accepts nothing else, and walking it fills job_status_history).
 */
export interface JobPlan {
  job: JobSeed;
  target: JobStatus;
  /** The assigned guard (from matched on); null for jobs that never leave requested. */
  guardId: string | null;
  /** For a cancelled job: the status it was cancelled from. */
  cancelledFrom?: 'requested' | 'matched' | 'in_progress';
  checkIn?: { at: Date; location: GeoPoint };
  checkOut?: { at: Date; location: GeoPoint };
  cancellation?: { at: Date; reason: string };
  rating?: { customerRating: number; customerReview: string; guardRating: number; guardReview: string; ratedAt: Date };
  /** When the customer was charged and the guard paid (completed and paid jobs). */
  payoutAt?: Date;
  /** Number of GPS points recorded for this job. */
  trailPoints: number;
}

/** The default seed: the same data on every run unless another number is asked for. */
export const DEFAULT_SEED = 7;

/** R-7 §6.4's demo password. It is public demo data, printed with the logins; only its bcrypt hash is stored. */
export const DEMO_PASSWORD = 'demo123';

export interface DatasetOptions {
  seed: number;
  /** The seeded "now" (UTC midnight of the anchor day); every time is derived from it. */
  anchor: Date;
  /** Load profile volume multiplier (1 ≈ 1,000 users, 10,000 jobs, 1,000,000 location points). */
  scale: number;
  /** bcrypt hash of the demo password for one account (the caller decides how salts are derived). */
  passwordHashFor(email: string): string;
}

export interface DemoLogin {
  role: 'customer' | 'guard' | 'admin';
  email: string;
  name: string;
}

/** Everything one profile writes, in write order. `locations` is lazy so load volumes never sit in memory. */
export interface SeedDataset {
  users: UserSeed[];
  guardProfiles: GuardProfileSeed[];
  jobs: JobPlan[];
  payments: PaymentSeed[];
  sessions: SessionSeed[];
  locations: () => Iterable<LocationSeed>;
  locationCount: number;
  logins: DemoLogin[];
}

/** The steps of the lifecycle walk, in the order they are applied to all jobs at once. */
export const WALK_STEPS = ['matched', 'in_progress', 'completed', 'paid', 'cancelled'] as const;

/** The statuses a plan passes through after `requested`. */
export function pathOf(plan: JobPlan): JobStatus[] {
  const forward: JobStatus[] = ['matched', 'in_progress', 'completed', 'paid'];
  if (plan.target === 'requested') return [];
  if (plan.target === 'cancelled') {
    const from = plan.cancelledFrom ?? 'requested';
    return [...forward.slice(0, forward.indexOf(from as JobStatus) + 1).filter((s) => s !== 'requested'), 'cancelled'];
  }
  return forward.slice(0, forward.indexOf(plan.target) + 1);
}
