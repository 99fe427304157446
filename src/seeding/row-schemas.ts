import { z } from 'zod';
import {
  geoPointSchema,
  guardAvailabilityStatusSchema,
  guardProfileSchema,
  guardClearanceLevelSchema,
  jobTypeSchema,
  jsonValueSchema,
  locationHistorySchema,
  paymentStatusSchema,
  paymentTypeSchema,
  sessionSchema,
  userRoleSchema,
  userSchema,
  userStatusSchema,
} from '../generated/schemas.js';
export type { JobStatus } from '../generated/types.js';

/**
 * Insert schemas of the rows the seeders write, one per table, mirroring the columns and CHECKs of the
 * migrations. Seeders build plain objects typed by these schemas and every row is parsed before it is
 * written, so a bad generated row fails here, naming table and field, instead of deep inside a COPY.
 * Enums, CHECK-listed labels and GeoJSON points are the generated schemas; what is stricter here than the generated insert
 * schemas (which every row is also parsed with) is what the seeders promise beyond the catalog: lower-case
 * UUIDs and emails, bcrypt cost, JS Dates for timestamps, decimal ranges.
 */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case UUID');
const point = geoPointSchema;
const cents = z.number().int().min(0).max(2_147_483_647);
const stringArray = z.array(z.string());
const jsonObject = z.record(z.string(), jsonValueSchema);
const timestamp = z.date();
/** numeric columns travel as decimal strings (as the generated types have them), never as lossy floats. */
const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string')
    .refine((text) => Number(text) >= min && Number(text) <= max, `must be between ${min} and ${max}`);

export const userSeedSchema = z.object({
  id: uuid,
  email: z
    .string()
    .max(255)
    .regex(/^[^@\sA-Z]+@[^@\sA-Z]+\.[^@\sA-Z]+$/, 'must be a lower-case email'),
  password_hash: z
    .string()
    .regex(/^\$2[aby]\$(1[0-9]|[2-3][0-9])\$/, 'must be a bcrypt hash with cost >= 10')
    .max(255),
  phone: z.string().max(20).nullable(),
  phone_verified_at: timestamp.nullable(),
  first_name: z.string().min(1).max(100),
  last_name: z.string().min(1).max(100),
  role: userRoleSchema,
  status: userStatusSchema,
  stripe_customer_id: z.string().max(255).nullable(),
  stripe_account_id: z.string().max(255).nullable(),
  email_verified_at: timestamp.nullable(),
  identity_verified_at: timestamp.nullable(),
  background_check_status: userSchema.shape.background_check_status,
  profile_photo_url: z.string().nullable(),
  bio: z.string().nullable(),
  metadata: jsonObject,
  created_at: timestamp,
  updated_at: timestamp,
  last_login_at: timestamp.nullable(),
});

export const guardProfileSeedSchema = z.object({
  id: uuid,
  user_id: uuid,
  license_number: z.string().min(1).max(50),
  license_state: guardProfileSchema.shape.license_state,
  license_expiry_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  license_verified_at: timestamp.nullable(),
  clearance_level: guardClearanceLevelSchema,
  skills: stringArray,
  certifications: stringArray,
  availability_status: guardAvailabilityStatusSchema,
  hourly_rate_cents: cents,
  total_jobs_completed: z.number().int().min(0),
  average_rating: decimal(0, 5),
  total_hours_worked: z.number().int().min(0),
  current_location: point,
  location_updated_at: timestamp,
  background_check_completed_at: timestamp.nullable(),
  metadata: jsonObject,
  created_at: timestamp,
  updated_at: timestamp,
});

/** A job as inserted: always `requested` (the lifecycle trigger demands it); later states come from its plan. */
export const jobSeedSchema = z
  .object({
    id: uuid,
    customer_id: uuid,
    title: z.string().min(1).max(255),
    description: z.string().nullable(),
    job_type: jobTypeSchema,
    status: z.literal('requested'),
    location_address: z.string().min(1),
    location_coordinates: point,
    location_notes: z.string().nullable(),
    start_time: timestamp,
    end_time: timestamp,
    required_clearance_level: guardClearanceLevelSchema,
    required_skills: stringArray,
    special_requirements: z.string().nullable(),
    hourly_rate_cents: cents,
    total_amount_cents: cents,
    platform_fee_cents: cents,
    guard_payout_cents: cents,
    metadata: jsonObject,
    created_at: timestamp,
    updated_at: timestamp,
  })
  .refine((job) => job.end_time > job.start_time, { path: ['end_time'], message: 'must be after start_time' })
  .refine((job) => job.platform_fee_cents + job.guard_payout_cents <= job.total_amount_cents, {
    path: ['guard_payout_cents'],
    message: 'platform_fee_cents + guard_payout_cents must not exceed total_amount_cents',
  });

export const locationSeedSchema = z.object({
  id: uuid,
  guard_id: uuid,
  job_id: uuid.nullable(),
  location: point,
  accuracy_meters: decimal(0, 9999.99),
  altitude_meters: decimal(-999_999.99, 999_999.99).nullable(),
  speed_mps: decimal(0, 999.99),
  heading_degrees: decimal(0, 360),
  device_type: locationHistorySchema.shape.device_type.unwrap(),
  app_version: z.string().max(20),
  recorded_at: timestamp,
  uploaded_at: timestamp,
  is_offline_upload: z.boolean(),
  created_at: timestamp,
});

export const paymentSeedSchema = z
  .object({
    id: uuid,
    job_id: uuid,
    payer_id: uuid,
    payee_id: uuid,
    payment_type: paymentTypeSchema,
    status: paymentStatusSchema,
    amount_cents: cents,
    platform_fee_cents: cents,
    stripe_fee_cents: cents,
    guard_payout_cents: cents,
    stripe_payment_intent_id: z.string().max(255).nullable(),
    stripe_charge_id: z.string().max(255).nullable(),
    stripe_payout_id: z.string().max(255).nullable(),
    stripe_transfer_id: z.string().max(255).nullable(),
    metadata: jsonObject,
    created_at: timestamp,
    updated_at: timestamp,
    succeeded_at: timestamp.nullable(),
  })
  .refine((p) => p.payer_id !== p.payee_id, { path: ['payee_id'], message: 'must differ from payer_id' })
  .refine((p) => p.platform_fee_cents + p.guard_payout_cents <= p.amount_cents, {
    path: ['amount_cents'],
    message: 'must cover platform_fee_cents + guard_payout_cents',
  })
  .refine((p) => p.stripe_fee_cents <= p.amount_cents, {
    path: ['stripe_fee_cents'],
    message: 'must not exceed amount_cents',
  });

export const sessionSeedSchema = z
  .object({
    id: uuid,
    user_id: uuid,
    session_token: z.string().min(1).max(255),
    refresh_token: z.string().max(255).nullable(),
    device_type: sessionSchema.shape.device_type.unwrap(),
    device_name: z.string().max(100),
    user_agent: z.string(),
    ip_address: z.string().max(45),
    created_at: timestamp,
    expires_at: timestamp,
    last_active_at: timestamp,
    revoked_at: timestamp.nullable(),
  })
  .refine((s) => s.expires_at > s.created_at, { path: ['expires_at'], message: 'must be after created_at' });

export type UserSeed = z.infer<typeof userSeedSchema>;
export type GuardProfileSeed = z.infer<typeof guardProfileSeedSchema>;
export type JobSeed = z.infer<typeof jobSeedSchema>;
export type LocationSeed = z.infer<typeof locationSeedSchema>;
export type PaymentSeed = z.infer<typeof paymentSeedSchema>;
export type SessionSeed = z.infer<typeof sessionSeedSchema>;

/** The schema of every seeded table, by table name (the order tables are written in). */
export const seedSchemas = {
  users: userSeedSchema,
  guard_profiles: guardProfileSeedSchema,
  jobs: jobSeedSchema,
  location_history: locationSeedSchema,
  payments: paymentSeedSchema,
  sessions: sessionSeedSchema,
} as const;

export type SeedTable = keyof typeof seedSchemas;

// Seed rows are what the generated insert schemas take: these fail to compile when the schema moves on.
type Assignable<T extends U, U> = T;
type InsertInput<T extends keyof typeof import('../generated/schemas.js').tableSchemas> = z.input<
  (typeof import('../generated/schemas.js').tableSchemas)[T]['insert']
>;
export type SeedRowsMatchGeneratedTypes = [
  Assignable<UserSeed, InsertInput<'users'>>,
  Assignable<GuardProfileSeed, InsertInput<'guard_profiles'>>,
  Assignable<Omit<JobSeed, 'status'> & { status: 'requested' }, InsertInput<'jobs'>>,
  Assignable<LocationSeed, InsertInput<'location_history'>>,
  Assignable<PaymentSeed, InsertInput<'payments'>>,
  Assignable<SessionSeed, InsertInput<'sessions'>>,
];
