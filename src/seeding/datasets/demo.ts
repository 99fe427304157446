// Only the English locale: the package root loads every locale (~30 MB more resident memory).
import { faker } from '@faker-js/faker/locale/en';
import type { GuardProfileSeed, JobStatus, LocationSeed, SessionSeed, UserSeed } from '../row-schemas.js';
import { planJob, type JobSpec } from './jobs.js';
import { paymentsFor, trail, trailWindow, HOUR, MINUTE } from './lifecycle.js';
import { DOWNTOWN_LA, laSite, near, type Site } from './los-angeles.js';
import { guardProfileRow, namedUserRow, userRow, withJobStats } from './people.js';
import { createRandom } from './random.js';
import type { DatasetOptions, DemoLogin, JobPlan, SeedDataset } from '../seed-dataset.js';

const DAY = 24 * HOUR;

/** R-7 §6.4's demo accounts. */
export const DEMO_ACCOUNTS = [
  { role: 'customer', email: 'customer@demo.aegis.com', firstName: 'Demo', lastName: 'Customer' },
  {
    role: 'guard',
    email: 'guard1@demo.aegis.com',
    firstName: 'John',
    lastName: 'Doe',
    license: 'CA-12345',
    rate: 2500,
    clearance: 'basic',
  },
  {
    role: 'guard',
    email: 'guard2@demo.aegis.com',
    firstName: 'Jane',
    lastName: 'Smith',
    license: 'CA-12346',
    rate: 3000,
    clearance: 'armed',
  },
  {
    role: 'guard',
    email: 'guard3@demo.aegis.com',
    firstName: 'Mike',
    lastName: 'Johnson',
    license: 'CA-12347',
    rate: 3500,
    clearance: 'executive',
  },
  { role: 'admin', email: 'admin@demo.aegis.com', firstName: 'Admin', lastName: 'User' },
] as const;

const FAKER_CUSTOMERS = 30;
const FAKER_GUARDS = 12;
const FAKER_JOBS = 24;
const FAKER_PATTERN: readonly JobStatus[] = [
  'paid',
  'paid',
  'completed',
  'requested',
  'matched',
  'paid',
  'cancelled',
  'in_progress',
  'paid',
  'completed',
  'requested',
  'cancelled',
];
const FAKER_CANCELLED_FROM: Record<number, 'requested' | 'matched' | 'in_progress'> = {
  6: 'matched',
  11: 'requested',
  18: 'in_progress',
  23: 'requested',
};

/**
 * A job of the demo customer: `guard` is guardN@demo.aegis.com (null: none yet), `from` and `to` are
 * [days, hours] from the anchor, `trail` its GPS points; the rest is planJob's.
 */
interface DemoCustomerJob extends Pick<JobSpec, 'target' | 'cancelledFrom' | 'jobType' | 'title' | 'description' | 'hourlyRateCents'> {
  guard: 1 | 2 | 3 | null;
  from: [days: number, hours: number];
  to: [days: number, hours: number];
  trail: number;
  site?: Site;
}

/** One in every status (cancelled from two), in the order they are drawn. */
const DEMO_CUSTOMER_JOBS: readonly DemoCustomerJob[] = [
  {
    guard: null,
    target: 'requested',
    from: [1, 18],
    to: [1, 22],
    trail: 0,
    jobType: 'event',
    title: 'Corporate Event Security',
    description: 'Need security for 100-person corporate event',
    hourlyRateCents: 2500,
    site: { address: '123 Main St, Los Angeles, CA 90001', location: DOWNTOWN_LA },
  },
  { guard: 2, target: 'matched', from: [2, 19], to: [3, 0], trail: 0, jobType: 'event', title: 'Gallery Opening Security' },
  { guard: 1, target: 'in_progress', from: [0, -3], to: [0, 5], trail: 90, jobType: 'patrol', title: 'Overnight Warehouse Patrol' },
  { guard: 3, target: 'completed', from: [-2, 10], to: [-2, 16], trail: 180, jobType: 'executive', title: 'Executive Protection Detail' },
  { guard: 2, target: 'paid', from: [-5, 18], to: [-5, 22], trail: 120, jobType: 'event', title: 'Wedding Reception Security' },
  { guard: 1, target: 'paid', from: [-9, 8], to: [-9, 16], trail: 240, jobType: 'access_control', title: 'Office Lobby Access Control' },
  { guard: null, target: 'cancelled', cancelledFrom: 'requested', from: [3, 9], to: [3, 13], trail: 0, jobType: 'patrol' },
  { guard: 3, target: 'cancelled', cancelledFrom: 'matched', from: [4, 20], to: [5, 1], trail: 0, jobType: 'executive' },
];

/**
 * The demo profile: R-7's five logins, their guards around downtown Los Angeles, a job in every status
 * for the demo customer, and a few dozen faker users with jobs of their own so lists look real.
 */
export function demoDataset(options: Omit<DatasetOptions, 'scale'>): SeedDataset {
  const { seed, anchor } = options;
  const A = anchor.getTime();
  faker.seed(seed);
  const ids = createRandom(seed, 'demo:ids');
  const people = createRandom(seed, 'demo:people');
  const jobsRandom = createRandom(seed, 'demo:jobs');
  const money = createRandom(seed, 'demo:payments');

  const users: UserSeed[] = [];
  const profiles: GuardProfileSeed[] = [];
  const demoUser: Record<string, UserSeed> = {};
  for (const account of DEMO_ACCOUNTS) {
    const user = userRow(people, faker, {
      id: ids.uuid(),
      email: account.email,
      firstName: account.firstName,
      lastName: account.lastName,
      role: account.role,
      passwordHash: options.passwordHashFor(account.email),
      anchor,
    });
    users.push(user);
    demoUser[account.email] = user;
    if (account.role === 'guard') {
      profiles.push(
        guardProfileRow(people, {
          id: ids.uuid(),
          user,
          licenseNumber: account.license,
          hourlyRateCents: account.rate,
          clearance: account.clearance,
          availability: account.email === 'guard1@demo.aegis.com' ? 'busy' : 'available',
          location: near(people, DOWNTOWN_LA, 3000),
          anchor,
        }),
      );
    }
  }
  const sharedHash = options.passwordHashFor('faker-users@example.com');
  const customers: UserSeed[] = [];
  for (let i = 1; i <= FAKER_CUSTOMERS; i += 1) {
    const user = namedUserRow(people, faker, ids, { index: i, domain: 'example.com', role: 'customer', passwordHash: sharedHash, anchor });
    users.push(user);
    customers.push(user);
  }
  const fakerGuards: GuardProfileSeed[] = [];
  for (let i = 1; i <= FAKER_GUARDS; i += 1) {
    const index = FAKER_CUSTOMERS + i;
    const user = namedUserRow(people, faker, ids, { index, domain: 'example.com', role: 'guard', passwordHash: sharedHash, anchor });
    users.push(user);
    const profile = guardProfileRow(people, {
      id: ids.uuid(),
      user,
      licenseNumber: `CA-${20000 + i}`,
      hourlyRateCents: people.int(22, 50) * 100,
      clearance: people.pick(['basic', 'basic', 'armed', 'executive'] as const),
      availability: people.chance(0.75) ? 'available' : 'offline',
      anchor,
    });
    profiles.push(profile);
    fakerGuards.push(profile);
  }

  const guardOf = (email: string) => {
    const profile = profiles.find((p) => p.user_id === demoUser[email]!.id)!;
    return { id: profile.user_id, hourlyRateCents: profile.hourly_rate_cents };
  };
  const customerId = demoUser['customer@demo.aegis.com']!.id;
  const at = (days: number, hours: number) => new Date(A + days * DAY + hours * HOUR);
  const jobs: JobPlan[] = [];
  const job = (
    spec: Omit<Parameters<typeof planJob>[2], 'id' | 'anchor' | 'created' | 'site'> & {
      site?: ReturnType<typeof laSite>;
      createdDaysBefore?: number;
    },
  ) => {
    const created = new Date(
      Math.min(spec.start.getTime(), A) - (spec.createdDaysBefore ?? jobsRandom.int(1, 4)) * DAY - jobsRandom.int(0, 600) * MINUTE,
    );
    jobs.push(planJob(jobsRandom, faker, { ...spec, id: ids.uuid(), anchor, created, site: spec.site ?? laSite(jobsRandom) }));
  };

  // The demo customer's jobs: one in every status, with the demo guards.
  for (const { guard, from, to, trail, ...spec } of DEMO_CUSTOMER_JOBS) {
    const start = at(...from);
    job({
      ...spec,
      customerId,
      guard: guard === null ? null : guardOf(`guard${guard}@demo.aegis.com`),
      start,
      end: at(...to),
      trailPoints: trail,
    });
  }

  // Faker customers' jobs: every job on its own day or time, so no guard is ever double-booked.
  for (let k = 0; k < FAKER_JOBS; k += 1) {
    const target: JobStatus = k === 19 ? 'matched' : FAKER_PATTERN[k % FAKER_PATTERN.length]!;
    const cancelledFrom = FAKER_CANCELLED_FROM[k];
    const past = target === 'paid' || target === 'completed' || cancelledFrom === 'in_progress';
    const hours = jobsRandom.int(3, 8);
    const start = target === 'in_progress' ? at(0, -2) : past ? at(-(k + 2), 9) : at(1 + (k % 6), 6 + 5 * Math.floor(k / 6));
    const end = new Date(start.getTime() + (target === 'in_progress' || !past ? 4 : hours) * HOUR);
    const profile = fakerGuards[k % FAKER_GUARDS]!;
    const guard =
      target === 'requested' || cancelledFrom === 'requested' ? null : { id: profile.user_id, hourlyRateCents: profile.hourly_rate_cents };
    job({
      customerId: customers[k % FAKER_CUSTOMERS]!.id,
      guard,
      target,
      cancelledFrom,
      start,
      end,
      trailPoints: Math.round(((end.getTime() - start.getTime()) / HOUR) * 30),
    });
  }

  // A guard working a job is busy; everyone else keeps the availability drawn above.
  const working = new Set(jobs.filter((plan) => plan.target === 'in_progress').map((plan) => plan.guardId));
  const finalProfiles = profiles.map((profile) =>
    withJobStats(
      working.has(profile.user_id) ? { ...profile, availability_status: 'busy' } : profile,
      jobs
        .filter((plan) => plan.guardId === profile.user_id && (plan.target === 'completed' || plan.target === 'paid'))
        .map((plan) => ({
          hours: (plan.job.end_time.getTime() - plan.job.start_time.getTime()) / HOUR,
          rating: plan.rating?.customerRating,
        })),
    ),
  );

  const payments = jobs.flatMap((plan) => paymentsFor(plan, money));
  const sessions = sessionsFor(
    createRandom(seed, 'demo:sessions'),
    [...users.slice(0, DEMO_ACCOUNTS.length), ...customers.slice(0, 8)],
    anchor,
  );
  const now = anchor;
  const locations = function* (): Generator<LocationSeed> {
    const random = createRandom(seed, 'demo:locations');
    for (const plan of jobs) {
      const window = trailWindow(plan, now);
      if (window) yield* trail(plan, window, random);
    }
  };
  const locationCount = jobs.reduce((sum, plan) => sum + (trailWindow(plan, now) ? plan.trailPoints : 0), 0);
  const logins: DemoLogin[] = DEMO_ACCOUNTS.map((account) => ({
    role: account.role,
    email: account.email,
    name: `${account.firstName} ${account.lastName}`,
  }));
  return { users, guardProfiles: finalProfiles, jobs, payments, sessions, locations, locationCount, logins };
}

const DEVICES = [
  {
    device_type: 'web',
    device_name: 'Chrome on macOS',
    user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  },
  { device_type: 'ios', device_name: 'iPhone 15', user_agent: 'Aegis/1.4.2 (iPhone; iOS 17.5)' },
  { device_type: 'android', device_name: 'Pixel 8', user_agent: 'Aegis/1.4.2 (Linux; Android 14; Pixel 8)' },
] as const;

/** One session per user: opaque token digests (never a usable token), 7-day expiry as in R-7 §2.6. */
export function sessionsFor(random: ReturnType<typeof createRandom>, users: UserSeed[], anchor: Date): SessionSeed[] {
  return users.map((user, index) => {
    const created = new Date(anchor.getTime() - random.int(1, 72) * HOUR);
    const device = random.pick(DEVICES);
    return {
      id: random.uuid(),
      user_id: user.id,
      session_token: random.token(64),
      refresh_token: random.token(64),
      ...device,
      ip_address: `198.51.100.${random.int(1, 254)}`,
      created_at: created,
      expires_at: new Date(created.getTime() + 7 * DAY),
      last_active_at: new Date(created.getTime() + random.int(1, 60) * MINUTE),
      revoked_at: index % 7 === 6 ? new Date(created.getTime() + 2 * HOUR) : null,
    };
  });
}
