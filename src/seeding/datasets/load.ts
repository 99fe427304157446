// Only the English locale: the package root loads every locale (~30 MB more resident memory).
import { faker } from '@faker-js/faker/locale/en';
import type { GuardProfileSeed, JobStatus, LocationSeed, UserSeed } from '../row-schemas.js';
import { sessionsFor } from './demo.js';
import { planJob } from './jobs.js';
import { paymentsFor, trail, trailWindow, HOUR, MINUTE } from './lifecycle.js';
import { laSite, near, point } from './los-angeles.js';
import { guardProfileRow, namedUserRow, withJobStats } from './people.js';
import { createRandom } from './random.js';
import type { DatasetOptions, JobPlan, SeedDataset } from '../seed-dataset.js';

const DAY = 24 * HOUR;
/** Two shifts a day from 30 days back (inside location_history's partitions) to 6 days ahead. */
const SLOTS = 74;
const FIRST_SLOT_DAY = -30;
/** The evening slot of the day before the anchor is the shift in progress at the anchor. */
const IN_PROGRESS_SLOT = (-1 - FIRST_SLOT_DAY) * 2 + 1;

export interface LoadVolumes {
  customers: number;
  guards: number;
  admins: number;
  jobs: number;
  locations: number;
}

/** Scale 1: 1,000 users (300 guards), 10,000 jobs, 1,000,000 location points. */
export function loadVolumes(scale: number): LoadVolumes {
  const guards = Math.max(1, Math.round(300 * scale));
  const admins = Math.max(1, Math.round(20 * scale));
  return {
    customers: Math.max(1, Math.round(1000 * scale) - guards - admins),
    guards,
    admins,
    jobs: Math.max(1, Math.round(10_000 * scale)),
    locations: Math.round(1_000_000 * scale),
  };
}

/**
 * The load profile: realistic volumes with location_history dominant. Users, guards and jobs are held
 * in memory (tens of MB at scale 1); GPS points are generated lazily while they are written.
 */
export function loadDataset(options: DatasetOptions): SeedDataset {
  const { seed, anchor } = options;
  const A = anchor.getTime();
  const volumes = loadVolumes(options.scale);
  faker.seed(seed);
  const ids = createRandom(seed, 'load:ids');
  const people = createRandom(seed, 'load:people');
  const jobsRandom = createRandom(seed, 'load:jobs');
  // bcrypt at cost 10 takes ~80 ms a row; load accounts share one hash of the demo password.
  const passwordHash = options.passwordHashFor('load-users@load.example.com');

  const users: UserSeed[] = [];
  const makeUser = (role: UserSeed['role'], index: number) => {
    const user = namedUserRow(people, faker, ids, { index, domain: 'load.example.com', role, passwordHash, anchor });
    users.push(user);
    return user;
  };
  let index = 0;
  const customers = Array.from({ length: volumes.customers }, () => makeUser('customer', (index += 1)));
  for (let i = 0; i < volumes.admins; i += 1) makeUser('admin', (index += 1));
  const profiles: GuardProfileSeed[] = [];
  for (let i = 0; i < volumes.guards; i += 1) {
    const user = makeUser('guard', (index += 1));
    profiles.push(
      guardProfileRow(people, {
        id: ids.uuid(),
        user,
        licenseNumber: `CA-L${100_000 + i}`,
        hourlyRateCents: people.int(22, 60) * 100,
        clearance: people.pick(['basic', 'basic', 'basic', 'armed', 'armed', 'executive'] as const),
        availability: people.chance(0.6) ? 'available' : 'offline',
        anchor,
      }),
    );
  }

  const jobs: JobPlan[] = [];
  const perGuard = new Array<number>(profiles.length).fill(0);
  let guarded = 0;
  for (let k = 0; k < volumes.jobs; k += 1) {
    const customerId = customers[k % customers.length]!.id;
    const roll = jobsRandom.next();
    let target: JobStatus = 'requested';
    let cancelledFrom: JobPlan['cancelledFrom'];
    let guard: { id: string; hourlyRateCents: number } | null = null;
    let start: Date;
    let end: Date;
    const g = guarded % profiles.length;
    const slotCount = perGuard[g]!;
    if (roll < 0.13 || slotCount >= SLOTS) {
      if (roll < 0.03) {
        target = 'cancelled';
        cancelledFrom = 'requested';
      }
      start = new Date(A + jobsRandom.int(1, 6) * DAY + jobsRandom.int(6, 20) * HOUR);
      end = new Date(start.getTime() + jobsRandom.int(3, 8) * HOUR);
    } else {
      guarded += 1;
      perGuard[g] = slotCount + 1;
      const profile = profiles[g]!;
      guard = { id: profile.user_id, hourlyRateCents: profile.hourly_rate_cents };
      // Each guard's jobs take distinct shifts, so the no-double-booking constraint always holds.
      const slot = (slotCount * 5 + g) % SLOTS;
      const day = FIRST_SLOT_DAY + Math.floor(slot / 2);
      if (slot === IN_PROGRESS_SLOT) {
        target = 'in_progress';
        start = new Date(A - 3 * HOUR);
        end = new Date(A + 5 * HOUR);
      } else {
        start = new Date(A + day * DAY + (slot % 2 === 0 ? 6 : 14) * HOUR + jobsRandom.int(0, 8) * 15 * MINUTE);
        end = new Date(start.getTime() + jobsRandom.int(3, 6) * HOUR);
        const r = jobsRandom.next();
        if (day < 0) {
          if (r < 0.72) target = 'paid';
          else if (r < 0.86) target = 'completed';
          else {
            target = 'cancelled';
            cancelledFrom = r < 0.9 ? 'in_progress' : 'matched';
          }
        } else if (r < 0.85) target = 'matched';
        else {
          target = 'cancelled';
          cancelledFrom = 'matched';
        }
      }
    }
    const created = new Date(Math.min(start.getTime(), A) - jobsRandom.int(1, 4) * DAY - jobsRandom.int(0, 600) * MINUTE);
    jobs.push(
      planJob(jobsRandom, faker, {
        id: ids.uuid(),
        customerId,
        guard,
        target,
        cancelledFrom,
        site: laSite(jobsRandom),
        start,
        end,
        created,
        anchor,
        trailPoints: 0,
      }),
    );
  }

  // location_history dominates: 95 % of the points are job trails, the rest off-job pings of guards.
  const trailJobs = jobs.filter((plan) => trailWindow({ ...plan, trailPoints: 1 }, anchor));
  const trailTotal = trailJobs.length === 0 ? 0 : Math.round(volumes.locations * 0.95);
  trailJobs.forEach((plan, i) => {
    plan.trailPoints = Math.floor(trailTotal / trailJobs.length) + (i < trailTotal % trailJobs.length ? 1 : 0);
  });
  const offJob = volumes.locations - trailTotal;

  const working = new Set(jobs.filter((plan) => plan.target === 'in_progress').map((plan) => plan.guardId));
  const finished = new Map<string, { hours: number; rating?: number }[]>();
  for (const plan of jobs) {
    if (!plan.guardId || (plan.target !== 'completed' && plan.target !== 'paid')) continue;
    const list = finished.get(plan.guardId) ?? [];
    list.push({ hours: (plan.job.end_time.getTime() - plan.job.start_time.getTime()) / HOUR, rating: plan.rating?.customerRating });
    finished.set(plan.guardId, list);
  }
  const guardProfiles = profiles.map((profile) =>
    withJobStats(working.has(profile.user_id) ? { ...profile, availability_status: 'busy' } : profile, finished.get(profile.user_id) ?? []),
  );

  const payments = jobs.flatMap((plan) => paymentsFor(plan, createRandom(seed, `load:payments:${plan.job.id}`)));
  const sessionUsers = users.filter((_, i) => i % 5 === 0);
  const sessions = sessionsFor(createRandom(seed, 'load:sessions'), sessionUsers, anchor);

  const locations = function* (): Generator<LocationSeed> {
    const random = createRandom(seed, 'load:locations');
    for (const plan of trailJobs) yield* trail(plan, trailWindow(plan, anchor)!, random);
    for (let i = 0; i < offJob; i += 1) {
      const profile = guardProfiles[i % guardProfiles.length]!;
      const recorded = new Date(A - random.int(1, 29 * 24 * 60) * MINUTE);
      yield {
        id: random.uuid(),
        guard_id: profile.user_id,
        job_id: null,
        location: near(random, point(...profile.current_location.coordinates), 1500),
        accuracy_meters: random.float(3, 40).toFixed(2),
        altitude_meters: null,
        speed_mps: random.float(0, 15).toFixed(2),
        heading_degrees: random.float(0, 360).toFixed(2),
        device_type: random.pick(['ios', 'android'] as const),
        app_version: '1.4.2',
        recorded_at: recorded,
        uploaded_at: new Date(recorded.getTime() + 2000),
        is_offline_upload: false,
        created_at: new Date(recorded.getTime() + 2000),
      };
    }
  };
  return { users, guardProfiles, jobs, payments, sessions, locations, locationCount: volumes.locations, logins: [] };
}
