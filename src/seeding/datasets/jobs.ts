import type { Faker } from '@faker-js/faker';
import type { JobSeed, JobStatus } from '../row-schemas.js';
import { checkPoints, HOUR, MINUTE, price } from './lifecycle.js';
import type { Site } from './los-angeles.js';
import type { Random } from './random.js';
import { pathOf, type JobPlan } from '../seed-dataset.js';
import { SKILLS } from './people.js';

const TITLES: Record<JobSeed['job_type'], readonly string[]> = {
  patrol: ['Overnight Warehouse Patrol', 'Parking Structure Patrol', 'Construction Site Patrol', 'Retail Plaza Patrol'],
  event: ['Corporate Event Security', 'Wedding Reception Security', 'Concert Crowd Control', 'Gallery Opening Security'],
  executive: ['Executive Protection Detail', 'VIP Airport Escort', 'Film Premiere Close Protection'],
  access_control: ['Office Lobby Access Control', 'Studio Lot Gate Control', 'Conference Badge Check'],
  emergency: ['Emergency Storefront Coverage', 'Urgent Site Security After Break-in'],
};

const CANCEL_REASONS = [
  'Event postponed by the organiser',
  'Customer found in-house coverage',
  'Venue closed',
  'Schedule changed',
  'Guard unavailable, customer rebooked',
];

export interface JobSpec {
  id: string;
  customerId: string;
  guard: { id: string; hourlyRateCents: number } | null;
  target: JobStatus;
  cancelledFrom?: 'requested' | 'matched' | 'in_progress';
  site: Site;
  start: Date;
  end: Date;
  created: Date;
  anchor: Date;
  trailPoints: number;
  jobType?: JobSeed['job_type'];
  title?: string;
  description?: string;
  hourlyRateCents?: number;
}

/** A job row (inserted as requested) and the lifecycle that brings it to `spec.target` with consistent times. */
export function planJob(random: Random, faker: Faker, spec: JobSpec): JobPlan {
  const jobType = spec.jobType ?? random.pick(['patrol', 'event', 'event', 'access_control', 'executive', 'emergency'] as const);
  const clearance = jobType === 'executive' ? 'executive' : jobType === 'emergency' || random.chance(0.15) ? 'armed' : 'basic';
  const rate = spec.hourlyRateCents ?? spec.guard?.hourlyRateCents ?? random.int(25, 45) * 100;
  const job: JobSeed = {
    id: spec.id,
    customer_id: spec.customerId,
    title: spec.title ?? random.pick(TITLES[jobType]),
    description: spec.description ?? faker.lorem.sentence(),
    job_type: jobType,
    status: 'requested',
    location_address: spec.site.address,
    location_coordinates: spec.site.location,
    location_notes: random.chance(0.4) ? faker.lorem.words(5) : null,
    start_time: spec.start,
    end_time: spec.end,
    required_clearance_level: clearance,
    required_skills: random.chance(0.7) ? [random.pick(SKILLS)] : [],
    special_requirements: random.chance(0.2) ? 'Business attire required' : null,
    ...price(rate, spec.start, spec.end),
    metadata: {},
    created_at: spec.created,
    updated_at: spec.created,
  };
  const plan: JobPlan = { job, target: spec.target, guardId: spec.guard?.id ?? null, trailPoints: 0 };
  if (spec.target === 'cancelled') plan.cancelledFrom = spec.cancelledFrom ?? 'requested';
  const path = pathOf(plan);
  const reaches = (status: JobStatus) => path.includes(status);
  const { checkIn, checkOut } = checkPoints(random, spec.site.location, spec.start, spec.end);
  if (reaches('in_progress')) {
    plan.checkIn = checkIn;
    plan.trailPoints = spec.trailPoints;
  }
  if (reaches('completed')) {
    plan.checkOut = checkOut;
    if (random.chance(0.85)) {
      plan.rating = {
        customerRating: random.pick([3, 4, 4, 5, 5, 5]),
        customerReview: random.pick([
          'Professional and punctual.',
          'Great presence, very attentive.',
          'Handled the crowd calmly.',
          'Arrived early, clear communication.',
        ]),
        guardRating: random.pick([4, 5, 5]),
        guardReview: random.pick(['Clear instructions.', 'Well organised site.', 'Friendly customer.']),
        ratedAt: new Date(checkOut.at.getTime() + random.int(10, 300) * MINUTE),
      };
    }
  }
  if (spec.target === 'paid') {
    const latest = spec.anchor.getTime() - MINUTE;
    const wanted = checkOut.at.getTime() + random.int(2, 20) * HOUR;
    plan.payoutAt = new Date(Math.max(Math.min(wanted, latest), checkOut.at.getTime() + MINUTE));
  }
  if (spec.target === 'cancelled') {
    const at =
      plan.cancelledFrom === 'in_progress'
        ? new Date(checkIn.at.getTime() + random.int(30, 90) * MINUTE)
        : new Date(spec.created.getTime() + (plan.cancelledFrom === 'matched' ? 5 : 3) * HOUR);
    plan.cancellation = { at, reason: random.pick(CANCEL_REASONS) };
  }
  return plan;
}
