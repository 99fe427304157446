import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** Anything that can run a query: a pool, a pooled client or a plain client. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/** Known Los Angeles places (WKT, longitude first) the schema tests measure against. */
export const LA = {
  downtown: 'POINT(-118.2437 34.0522)',
  pershingSquare: 'POINT(-118.2420 34.0530)',
  littleTokyo: 'POINT(-118.2500 34.0500)',
  koreatown: 'POINT(-118.3005 34.0618)',
  hollywood: 'POINT(-118.3287 34.0928)',
  pasadena: 'POINT(-118.1445 34.1478)',
  santaMonica: 'POINT(-118.4912 34.0195)',
  longBeach: 'POINT(-118.1937 33.7701)',
  malibu: 'POINT(-118.7798 34.0259)',
} as const;

export type JobStatus = 'requested' | 'matched' | 'in_progress' | 'completed' | 'paid' | 'cancelled';
export const JOB_STATUSES: readonly JobStatus[] = ['requested', 'matched', 'in_progress', 'completed', 'paid', 'cancelled'];

/** The legal path from requested to each status (R-7 §2.3), excluding requested itself. */
export const PATH_TO: Record<JobStatus, JobStatus[]> = {
  requested: [],
  matched: ['matched'],
  in_progress: ['matched', 'in_progress'],
  completed: ['matched', 'in_progress', 'completed'],
  paid: ['matched', 'in_progress', 'completed', 'paid'],
  cancelled: ['cancelled'],
};

export interface UserInput {
  id?: string;
  role?: 'customer' | 'guard' | 'admin';
  status?: 'active' | 'inactive' | 'suspended' | 'pending_verification';
  firstName?: string;
}

/** Inserts a user with a unique e-mail and returns its id. */
export async function insertUser(db: Queryable, input: UserInput = {}): Promise<string> {
  const id = input.id ?? randomUUID();
  await db.query(
    `INSERT INTO users (id, email, password_hash, first_name, last_name, role, status)
     VALUES ($1, $2, 'x', $3, 'Test', $4, $5)`,
    [id, `user-${id}@example.test`, input.firstName ?? 'Test', input.role ?? 'customer', input.status ?? 'active'],
  );
  return id;
}

export interface GuardInput extends Omit<UserInput, 'role'> {
  clearance?: 'basic' | 'armed' | 'executive';
  availability?: 'available' | 'busy' | 'offline';
  /** WKT point; omitted: no current location. */
  location?: string;
  hourlyRateCents?: number;
}

/** Inserts a guard user and its guard profile; returns the user id. */
export async function insertGuard(db: Queryable, input: GuardInput = {}): Promise<string> {
  const id = await insertUser(db, { ...input, role: 'guard' });
  await db.query(
    `INSERT INTO guard_profiles (user_id, license_number, license_state, license_expiry_date, clearance_level,
                                 availability_status, hourly_rate_cents, current_location)
     VALUES ($1, $2, 'CA', current_date + 365, $3, $4, $5, ST_GeogFromText($6))`,
    [id, `LIC-${id}`, input.clearance ?? 'basic', input.availability ?? 'available', input.hourlyRateCents ?? 2500, input.location ?? null],
  );
  return id;
}

export interface JobInput {
  id?: string;
  customerId: string;
  title?: string;
  /** Start relative to now(), as a PostgreSQL interval ('2 days', '-1 hour'). */
  startsIn?: string;
  /** Length as a PostgreSQL interval. */
  lasts?: string;
  location?: string;
  requiredClearance?: 'basic' | 'armed' | 'executive';
}

/** Inserts a requested job (the only status a job may be inserted with) and returns its id. */
export async function insertJob(db: Queryable, input: JobInput): Promise<string> {
  const id = input.id ?? randomUUID();
  await db.query(
    `INSERT INTO jobs (id, customer_id, title, job_type, location_address, location_coordinates,
                       start_time, end_time, required_clearance_level,
                       hourly_rate_cents, total_amount_cents, platform_fee_cents, guard_payout_cents)
     VALUES ($1, $2, $3, 'event', '123 Main St, Los Angeles, CA', ST_GeogFromText($4),
             now() + $5::interval, now() + $5::interval + $6::interval, $7,
             2500, 10000, 1500, 8500)`,
    [
      id,
      input.customerId,
      input.title ?? `Job ${id}`,
      input.location ?? LA.downtown,
      input.startsIn ?? '1 day',
      input.lasts ?? '4 hours',
      input.requiredClearance ?? 'basic',
    ],
  );
  return id;
}

/** Moves a job one step: to matched it assigns `guardId`; the lifecycle trigger fills in the implied timestamps. */
export async function setJobStatus(db: Queryable, jobId: string, status: JobStatus, guardId?: string): Promise<void> {
  await db.query(
    `UPDATE jobs SET status = $2::job_status,
                     guard_id = CASE WHEN $2::job_status = 'matched' THEN $3::uuid ELSE guard_id END
     WHERE id = $1`,
    [jobId, status, guardId ?? null],
  );
}

/** Moves a requested job along the legal path to `status`. */
export async function advanceJob(db: Queryable, jobId: string, status: JobStatus, guardId?: string): Promise<void> {
  for (const step of PATH_TO[status]) await setJobStatus(db, jobId, step, guardId);
}
