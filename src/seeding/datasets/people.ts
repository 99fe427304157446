import type { Faker } from '@faker-js/faker';
import type { GuardProfileSeed, UserSeed } from '../row-schemas.js';
import { laSite, type Point } from './los-angeles.js';
import type { Random } from './random.js';

const DAY = 86_400_000;

export const SKILLS = [
  'event_security',
  'patrol',
  'access_control',
  'executive_protection',
  'crowd_control',
  'cctv_monitoring',
  'loss_prevention',
  'de_escalation',
] as const;
export const CERTIFICATIONS = ['bsis_guard_card', 'cpr', 'first_aid', 'firearms', 'baton', 'pepper_spray', 'aed'] as const;

function some<T>(random: Random, items: readonly T[], min: number, max: number): T[] {
  const count = random.int(min, max);
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!);
  return out.sort();
}

export interface UserSpec {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: UserSeed['role'];
  passwordHash: string;
  /** Seeded "now": every time is derived from it. */
  anchor: Date;
}

/** A verified, active account with the contact and Stripe fields its role implies. */
export function userRow(random: Random, faker: Faker, spec: UserSpec): UserSeed {
  const created = new Date(spec.anchor.getTime() - random.int(35, 400) * DAY - random.int(0, 86_399) * 1000);
  const verified = new Date(created.getTime() + random.int(5, 600) * 60_000);
  const guard = spec.role === 'guard';
  return {
    id: spec.id,
    email: spec.email,
    password_hash: spec.passwordHash,
    phone: `+1${random.pick(['213', '310', '323', '424', '562', '626', '818'])}${random.int(2_000_000, 9_999_999)}`,
    phone_verified_at: verified,
    first_name: spec.firstName,
    last_name: spec.lastName,
    role: spec.role,
    status: 'active',
    stripe_customer_id: spec.role === 'customer' ? `cus_${random.token(14)}` : null,
    stripe_account_id: guard ? `acct_${random.token(16)}` : null,
    email_verified_at: verified,
    identity_verified_at: guard ? verified : null,
    background_check_status: guard ? 'checkr_clear' : null,
    profile_photo_url: null,
    bio: guard ? faker.lorem.sentence() : null,
    metadata: {},
    created_at: created,
    updated_at: created,
    last_login_at: new Date(spec.anchor.getTime() - random.int(1, 20 * 24) * 3_600_000),
  };
}

/**
 * An account with a faker name (customer, admin or guard of the generated crowd): its email is made of the
 * name and `index` at `domain`, its id drawn from `ids`, the rest as {@link userRow} draws it from `random`.
 */
export function namedUserRow(
  random: Random,
  faker: Faker,
  ids: Random,
  spec: Omit<UserSpec, 'id' | 'email' | 'firstName' | 'lastName'> & { index: number; domain: string },
): UserSeed {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  return userRow(random, faker, {
    id: ids.uuid(),
    email: emailFor(firstName, lastName, spec.index, spec.domain),
    firstName,
    lastName,
    role: spec.role,
    passwordHash: spec.passwordHash,
    anchor: spec.anchor,
  });
}

/** An email made of the name, lower-case and unique through its index. */
export function emailFor(firstName: string, lastName: string, index: number, domain: string): string {
  const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${clean(firstName) || 'user'}.${clean(lastName) || 'aegis'}${index}@${domain}`;
}

export interface GuardSpec {
  id: string;
  user: UserSeed;
  licenseNumber: string;
  hourlyRateCents: number;
  clearance: GuardProfileSeed['clearance_level'];
  availability: GuardProfileSeed['availability_status'];
  location?: Point;
  anchor: Date;
}

/** A California-licensed guard around Los Angeles; job statistics are filled in once its jobs exist. */
export function guardProfileRow(random: Random, spec: GuardSpec): GuardProfileSeed {
  const licensed = new Date(spec.user.created_at.getTime() + random.int(1, 5) * DAY);
  const expiry = new Date(spec.anchor.getTime() + random.int(120, 730) * DAY);
  const skills = some(random, SKILLS, 2, 4);
  const certifications = some(random, CERTIFICATIONS, 1, 4).filter((c) => c !== 'firearms' || spec.clearance !== 'basic');
  if (!certifications.includes('bsis_guard_card')) certifications.unshift('bsis_guard_card');
  if (spec.clearance !== 'basic' && !certifications.includes('firearms')) certifications.push('firearms');
  return {
    id: spec.id,
    user_id: spec.user.id,
    license_number: spec.licenseNumber,
    license_state: 'CA',
    license_expiry_date: expiry.toISOString().slice(0, 10),
    license_verified_at: licensed,
    clearance_level: spec.clearance,
    skills,
    certifications,
    availability_status: spec.availability,
    hourly_rate_cents: spec.hourlyRateCents,
    total_jobs_completed: 0,
    average_rating: '0.00',
    total_hours_worked: 0,
    current_location: spec.location ?? laSite(random).location,
    location_updated_at: new Date(spec.anchor.getTime() - random.int(1, 90) * 60_000),
    background_check_completed_at: licensed,
    metadata: {},
    created_at: licensed,
    updated_at: licensed,
  };
}

/** Completed-job count, hours and average rating, consistent with the guard's seeded jobs. */
export function withJobStats(profile: GuardProfileSeed, finished: { hours: number; rating?: number }[]): GuardProfileSeed {
  const ratings = finished.map((job) => job.rating).filter((rating): rating is number => rating !== undefined);
  return {
    ...profile,
    total_jobs_completed: finished.length,
    total_hours_worked: Math.round(finished.reduce((sum, job) => sum + job.hours, 0)),
    average_rating: (ratings.length === 0 ? 0 : ratings.reduce((a, b) => a + b, 0) / ratings.length).toFixed(2),
  };
}
