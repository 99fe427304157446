import { randomUUID } from 'node:crypto';
import type { TestDatabase } from './engines.js';

/** Rows for privacy and retention tests, each with distinctive personal data so a leak is findable. */
export interface FixtureUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
}

export async function insertUser(
  db: TestDatabase,
  options: { role?: 'customer' | 'guard'; lastLoginAt?: Date | null; createdAt?: Date; deletedAt?: Date } = {},
): Promise<FixtureUser> {
  const tag = randomUUID().slice(0, 8);
  const user: FixtureUser = {
    id: randomUUID(),
    email: `person-${tag}@example.com`,
    firstName: `Firstname${tag}`,
    lastName: `Lastname${tag}`,
    phone: `+1555${tag.replace(/\D/g, '7').slice(0, 7)}`,
  };
  await db.query(
    `INSERT INTO users (id, email, password_hash, phone, first_name, last_name, role, status, bio, profile_photo_url, metadata, last_login_at, created_at, deleted_at)
     VALUES ($1, $2, '$2a$10$abcdefghijklmnopqrstuuSecretHashValueForTestsOnly12', $3, $4, $5, $6, 'active', $7, $8, $9, $10, coalesce($11, now()), $12)`,
    [
      user.id,
      user.email,
      user.phone,
      user.firstName,
      user.lastName,
      options.role ?? 'customer',
      `Bio of ${user.firstName} ${user.lastName}, call ${user.phone}`,
      `https://img.example.com/${user.email}.jpg`,
      JSON.stringify({ contact: user.email, nickname: user.firstName }),
      options.lastLoginAt === undefined ? new Date() : options.lastLoginAt,
      options.createdAt ?? null,
      options.deletedAt ?? null,
    ],
  );
  if ((options.role ?? 'customer') === 'guard') {
    await db.query(
      `INSERT INTO guard_profiles (user_id, license_number, license_state, license_expiry_date, hourly_rate_cents, current_location, metadata)
       VALUES ($1, $2, 'CA', '2030-01-01', 4500, 'SRID=4326;POINT(-122.4 37.8)', $3)`,
      [user.id, `LIC-${user.lastName}`, JSON.stringify({ emergencyContact: user.phone })],
    );
  }
  return user;
}

/** A job walked through the lifecycle to `status` (the trigger allows nothing else), with its payment when paid. */
export async function insertJob(
  db: TestDatabase,
  customer: FixtureUser,
  guard: FixtureUser,
  status: 'requested' | 'matched' | 'in_progress' | 'paid',
  options: { startOffsetDays?: number } = {},
): Promise<string> {
  const id = randomUUID();
  const start = new Date(Date.now() + (options.startOffsetDays ?? -10) * 86_400_000 + Math.floor(Math.random() * 2000) * 5 * 3_600_000);
  const end = new Date(start.getTime() + 4 * 3_600_000);
  await db.query(
    `INSERT INTO jobs (id, customer_id, title, job_type, location_address, location_coordinates, start_time, end_time,
                       hourly_rate_cents, total_amount_cents, platform_fee_cents, guard_payout_cents)
     VALUES ($1, $2, 'Night patrol', 'patrol', '1 Market St, San Francisco', 'SRID=4326;POINT(-122.39 37.79)', $3, $4, 4500, 18000, 3600, 14400)`,
    [id, customer.id, start, end],
  );
  const steps: string[] = [];
  if (status !== 'requested') steps.push(`UPDATE jobs SET status = 'matched', guard_id = $2 WHERE id = $1`);
  if (status === 'in_progress' || status === 'paid') steps.push(`UPDATE jobs SET status = 'in_progress' WHERE id = $1`);
  if (status === 'paid')
    steps.push(
      `UPDATE jobs SET status = 'completed', guard_checked_out_at = now() WHERE id = $1`,
      `UPDATE jobs SET status = 'paid' WHERE id = $1`,
    );
  for (const sql of steps) await db.query(sql, sql.includes('$2') ? [id, guard.id] : [id]);
  if (status === 'paid') {
    await db.query(
      `INSERT INTO payments (job_id, payer_id, payee_id, payment_type, status, amount_cents, platform_fee_cents, stripe_fee_cents, guard_payout_cents, stripe_payment_intent_id, succeeded_at)
       VALUES ($1, $2, $3, 'charge', 'succeeded', 18000, 3600, 552, 13848, $4, now())`,
      [id, customer.id, guard.id, `pi_${id.replaceAll('-', '')}`],
    );
  }
  return id;
}

export async function insertLocation(db: TestDatabase, guard: FixtureUser, recordedAt: Date, jobId: string | null = null): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO location_history (id, guard_id, job_id, location, accuracy_meters, device_type, recorded_at)
     VALUES ($1, $2, $3, 'SRID=4326;POINT(-122.41 37.77)', 5, 'ios', $4)`,
    [id, guard.id, jobId, recordedAt],
  );
  return id;
}

export async function insertSession(db: TestDatabase, user: FixtureUser): Promise<void> {
  await db.query(
    `INSERT INTO sessions (user_id, session_token, refresh_token, device_type, device_name, user_agent, ip_address, expires_at)
     VALUES ($1, $2, $3, 'web', $4, 'Mozilla/5.0', '203.0.113.7', now() + interval '7 days')`,
    [user.id, `tok_${randomUUID()}`, `ref_${randomUUID()}`, `${user.firstName}'s laptop`],
  );
}
