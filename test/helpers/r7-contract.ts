/**
 * The schema contract of R-7 (spec/000_8d6956b585fd2047.txt §2.1–2.6, §3.3, §4.2), written down as
 * R-7 spells it, plus the additions docs/schema-decisions.md records. schema-catalog.test.ts compares
 * it with the live catalog, applying only the deviations that page documents.
 */

export interface R7Column {
  /** The type as R-7 writes it (TIMESTAMP, VARCHAR(255), DECIMAL(3,2), an enum name, …). */
  type: string;
  notNull?: boolean;
  /** The DEFAULT as R-7 writes it ('{}', NOW(), 'customer', 0.00, …). */
  default?: string;
  unique?: boolean;
  /** A stored generated column. */
  generated?: boolean;
}

const TS = 'TIMESTAMP';
const created = { type: TS, notNull: true, default: 'NOW()' };
const id = { type: 'UUID', notNull: true, default: 'gen_random_uuid()' };
const metadata = { type: 'JSONB', default: "'{}'" };
const point = 'GEOGRAPHY(Point, 4326)';

/** R-7 §2.1–2.6: table → column → definition. */
export const R7_TABLES: Record<string, Record<string, R7Column>> = {
  users: {
    id,
    email: { type: 'VARCHAR(255)', notNull: true, unique: true },
    password_hash: { type: 'VARCHAR(255)', notNull: true },
    phone: { type: 'VARCHAR(20)' },
    phone_verified_at: { type: TS },
    first_name: { type: 'VARCHAR(100)', notNull: true },
    last_name: { type: 'VARCHAR(100)', notNull: true },
    role: { type: 'user_role', notNull: true, default: "'customer'" },
    status: { type: 'user_status', notNull: true, default: "'pending_verification'" },
    stripe_customer_id: { type: 'VARCHAR(255)', unique: true },
    stripe_account_id: { type: 'VARCHAR(255)', unique: true },
    email_verified_at: { type: TS },
    identity_verified_at: { type: TS },
    background_check_status: { type: 'VARCHAR(50)' },
    profile_photo_url: { type: 'TEXT' },
    bio: { type: 'TEXT' },
    metadata,
    created_at: created,
    updated_at: created,
    last_login_at: { type: TS },
    deleted_at: { type: TS },
  },
  guard_profiles: {
    id,
    user_id: { type: 'UUID', notNull: true, unique: true },
    license_number: { type: 'VARCHAR(50)', notNull: true },
    license_state: { type: 'VARCHAR(2)', notNull: true },
    license_expiry_date: { type: 'DATE', notNull: true },
    license_verified_at: { type: TS },
    clearance_level: { type: 'guard_clearance_level', notNull: true, default: "'basic'" },
    skills: { type: 'JSONB', default: "'[]'" },
    certifications: { type: 'JSONB', default: "'[]'" },
    availability_status: { type: 'guard_availability_status', notNull: true, default: "'offline'" },
    available_from: { type: TS },
    available_until: { type: TS },
    hourly_rate_cents: { type: 'INTEGER', notNull: true },
    total_jobs_completed: { type: 'INTEGER', default: '0' },
    average_rating: { type: 'DECIMAL(3,2)', default: '0.00' },
    total_hours_worked: { type: 'INTEGER', default: '0' },
    current_location: { type: point },
    location_updated_at: { type: TS },
    background_check_report_url: { type: 'TEXT' },
    background_check_completed_at: { type: TS },
    metadata,
    created_at: created,
    updated_at: created,
  },
  jobs: {
    id,
    customer_id: { type: 'UUID', notNull: true },
    guard_id: { type: 'UUID' },
    title: { type: 'VARCHAR(255)', notNull: true },
    description: { type: 'TEXT' },
    job_type: { type: 'job_type', notNull: true },
    status: { type: 'job_status', notNull: true, default: "'requested'" },
    location_address: { type: 'TEXT', notNull: true },
    location_coordinates: { type: point, notNull: true },
    location_notes: { type: 'TEXT' },
    start_time: { type: TS, notNull: true },
    end_time: { type: TS, notNull: true },
    duration_hours: { type: 'DECIMAL(5,2)', generated: true },
    required_clearance_level: { type: 'guard_clearance_level', notNull: true, default: "'basic'" },
    required_skills: { type: 'JSONB', default: "'[]'" },
    special_requirements: { type: 'TEXT' },
    hourly_rate_cents: { type: 'INTEGER', notNull: true },
    total_amount_cents: { type: 'INTEGER', notNull: true },
    platform_fee_cents: { type: 'INTEGER', notNull: true },
    guard_payout_cents: { type: 'INTEGER', notNull: true },
    guard_checked_in_at: { type: TS },
    guard_checked_out_at: { type: TS },
    check_in_location: { type: point },
    check_out_location: { type: point },
    completed_at: { type: TS },
    cancelled_at: { type: TS },
    cancellation_reason: { type: 'TEXT' },
    metadata,
    created_at: created,
    updated_at: created,
  },
  location_history: {
    id,
    guard_id: { type: 'UUID', notNull: true },
    job_id: { type: 'UUID' },
    location: { type: point, notNull: true },
    accuracy_meters: { type: 'DECIMAL(6,2)' },
    altitude_meters: { type: 'DECIMAL(8,2)' },
    speed_mps: { type: 'DECIMAL(5,2)' },
    heading_degrees: { type: 'DECIMAL(5,2)' },
    device_type: { type: 'VARCHAR(50)' },
    app_version: { type: 'VARCHAR(20)' },
    recorded_at: created,
    uploaded_at: created,
    is_offline_upload: { type: 'BOOLEAN', default: 'FALSE' },
    created_at: created,
  },
  payments: {
    id,
    job_id: { type: 'UUID', notNull: true },
    payer_id: { type: 'UUID', notNull: true },
    payee_id: { type: 'UUID', notNull: true },
    payment_type: { type: 'payment_type', notNull: true },
    status: { type: 'payment_status', notNull: true, default: "'pending'" },
    amount_cents: { type: 'INTEGER', notNull: true },
    platform_fee_cents: { type: 'INTEGER', notNull: true },
    stripe_fee_cents: { type: 'INTEGER', notNull: true },
    guard_payout_cents: { type: 'INTEGER', notNull: true },
    stripe_payment_intent_id: { type: 'VARCHAR(255)', unique: true },
    stripe_charge_id: { type: 'VARCHAR(255)' },
    stripe_payout_id: { type: 'VARCHAR(255)' },
    stripe_transfer_id: { type: 'VARCHAR(255)' },
    failure_code: { type: 'VARCHAR(100)' },
    failure_message: { type: 'TEXT' },
    refund_amount_cents: { type: 'INTEGER', default: '0' },
    refund_reason: { type: 'TEXT' },
    refunded_at: { type: TS },
    metadata,
    created_at: created,
    updated_at: created,
    succeeded_at: { type: TS },
    failed_at: { type: TS },
  },
  sessions: {
    id,
    user_id: { type: 'UUID', notNull: true },
    session_token: { type: 'VARCHAR(255)', notNull: true, unique: true },
    refresh_token: { type: 'VARCHAR(255)', unique: true },
    device_type: { type: 'VARCHAR(50)' },
    device_name: { type: 'VARCHAR(100)' },
    user_agent: { type: 'TEXT' },
    ip_address: { type: 'VARCHAR(45)' },
    created_at: created,
    expires_at: { type: TS, notNull: true },
    last_active_at: created,
    revoked_at: { type: TS },
  },
};

/** Columns and tables docs/schema-decisions.md adds to R-7 ("Deviations from R-7"). */
export const DOCUMENTED_EXTRA_COLUMNS: Record<string, Record<string, R7Column>> = {
  // R-7 §10.1's rating columns, taken as that section defines them.
  jobs: {
    customer_rating: { type: 'INTEGER' },
    customer_review: { type: 'TEXT' },
    guard_rating: { type: 'INTEGER' },
    guard_review: { type: 'TEXT' },
    rated_at: { type: TS },
  },
  // The audit table of the job lifecycle (improvement 3).
  job_status_history: {
    id: { type: 'bigint', notNull: true },
    job_id: { type: 'UUID', notNull: true },
    from_status: { type: 'job_status' },
    to_status: { type: 'job_status', notNull: true },
    changed_by: { type: 'UUID' },
    changed_by_login: { type: 'TEXT' },
    reason: { type: 'TEXT' },
    changed_at: { type: TS, notNull: true, default: 'NOW()' },
  },
};

/** Columns of R-7 whose definition docs/schema-decisions.md changes ("Ingest layout"), as R-7 would spell them. */
export const DOCUMENTED_COLUMN_CHANGES: Record<string, Record<string, R7Column>> = {
  // Time-ordered ids: the key is appended, not scattered.
  location_history: { id: { ...id, default: 'gen_uuid_v7()' } },
};

/** R-7 §2 enum types with their labels in order (the order of guard_clearance_level is compared with >=). */
export const R7_ENUMS: Record<string, string[]> = {
  user_role: ['customer', 'guard', 'admin'],
  user_status: ['active', 'inactive', 'suspended', 'pending_verification'],
  guard_clearance_level: ['basic', 'armed', 'executive'],
  guard_availability_status: ['available', 'busy', 'offline'],
  job_status: ['requested', 'matched', 'in_progress', 'completed', 'paid', 'cancelled'],
  job_type: ['patrol', 'event', 'executive', 'access_control', 'emergency'],
  payment_type: ['charge', 'payout', 'refund'],
  payment_status: ['pending', 'processing', 'succeeded', 'failed', 'cancelled', 'refunded', 'dispute'],
};

export interface R7Index {
  table: string;
  method: 'btree' | 'gist' | 'gin' | 'brin';
  /** Key columns, with DESC where R-7 writes it. */
  columns: string[];
  /** The partial-index predicate as PostgreSQL prints R-7's WHERE clause. */
  where?: string;
  unique?: boolean;
}

const available = "availability_status = 'available'::guard_availability_status";
const active = "status = ANY (ARRAY['matched'::job_status, 'in_progress'::job_status])";

/** Every index R-7 names in §2.1–2.6 and §4.2 (high and medium priority). */
export const R7_INDEXES: Record<string, R7Index> = {
  idx_users_email: { table: 'users', method: 'btree', columns: ['email'] },
  idx_users_role_status: { table: 'users', method: 'btree', columns: ['role', 'status'], where: 'deleted_at IS NULL' },
  idx_users_stripe_customer_id: { table: 'users', method: 'btree', columns: ['stripe_customer_id'] },
  idx_users_stripe_account_id: { table: 'users', method: 'btree', columns: ['stripe_account_id'] },
  idx_users_phone: { table: 'users', method: 'btree', columns: ['phone'] },
  idx_users_last_login_at: { table: 'users', method: 'btree', columns: ['last_login_at DESC'] },

  idx_guard_profiles_user_id: { table: 'guard_profiles', method: 'btree', columns: ['user_id'] },
  idx_guard_profiles_license: { table: 'guard_profiles', method: 'btree', columns: ['license_number', 'license_state'] },
  idx_guard_profiles_clearance: { table: 'guard_profiles', method: 'btree', columns: ['clearance_level'] },
  idx_guard_profiles_availability: { table: 'guard_profiles', method: 'btree', columns: ['availability_status'], where: available },
  idx_guard_profiles_skills: { table: 'guard_profiles', method: 'gin', columns: ['skills'] },
  idx_guard_profiles_location: { table: 'guard_profiles', method: 'gist', columns: ['current_location'] },

  idx_jobs_customer_id: { table: 'jobs', method: 'btree', columns: ['customer_id'] },
  idx_jobs_guard_id: { table: 'jobs', method: 'btree', columns: ['guard_id'] },
  idx_jobs_status: { table: 'jobs', method: 'btree', columns: ['status'] },
  idx_jobs_status_start_time: { table: 'jobs', method: 'btree', columns: ['status', 'start_time'] },
  idx_jobs_location: { table: 'jobs', method: 'gist', columns: ['location_coordinates'] },
  idx_jobs_created_at: { table: 'jobs', method: 'btree', columns: ['created_at DESC'] },
  idx_jobs_end_time: { table: 'jobs', method: 'btree', columns: ['end_time'], where: active },

  idx_location_history_guard_id: { table: 'location_history', method: 'btree', columns: ['guard_id'] },
  idx_location_history_job_id: { table: 'location_history', method: 'btree', columns: ['job_id'] },
  idx_location_history_recorded_at: { table: 'location_history', method: 'btree', columns: ['recorded_at DESC'] },
  idx_location_history_location: { table: 'location_history', method: 'gist', columns: ['location'] },
  idx_location_history_guard_job: { table: 'location_history', method: 'btree', columns: ['guard_id', 'job_id', 'recorded_at DESC'] },

  idx_payments_job_id: { table: 'payments', method: 'btree', columns: ['job_id'] },
  idx_payments_payer_id: { table: 'payments', method: 'btree', columns: ['payer_id'] },
  idx_payments_payee_id: { table: 'payments', method: 'btree', columns: ['payee_id'] },
  idx_payments_status: { table: 'payments', method: 'btree', columns: ['status'] },
  idx_payments_stripe_payment_intent_id: { table: 'payments', method: 'btree', columns: ['stripe_payment_intent_id'] },
  idx_payments_created_at: { table: 'payments', method: 'btree', columns: ['created_at DESC'] },

  idx_sessions_user_id: { table: 'sessions', method: 'btree', columns: ['user_id'] },
  idx_sessions_session_token: { table: 'sessions', method: 'btree', columns: ['session_token'] },
  idx_sessions_expires_at: { table: 'sessions', method: 'btree', columns: ['expires_at'] },
};

/** Indexes docs/schema-decisions.md adds, or changes, with its reasons. */
export const DOCUMENTED_INDEX_CHANGES: Record<string, R7Index> = {
  // "the same index, UNIQUE": R-7's field note calls the licence a unique identifier.
  idx_guard_profiles_license: { ...R7_INDEXES.idx_guard_profiles_license!, unique: true },
  // Improvement 6: matching served by a partial GIST index.
  idx_guard_profiles_available_location: { table: 'guard_profiles', method: 'gist', columns: ['current_location'], where: available },
  // R-7 Recommendation 11, mirroring idx_guard_profiles_skills.
  idx_jobs_required_skills: { table: 'jobs', method: 'gin', columns: ['required_skills'] },
  // Ingest layout: time within a daily partition by a BRIN summary, not a B-tree entry per point.
  idx_location_history_recorded_at: { table: 'location_history', method: 'brin', columns: ['recorded_at'] },
  // The audit table's own indexes.
  idx_job_status_history_job_id: { table: 'job_status_history', method: 'btree', columns: ['job_id', 'id'] },
  idx_job_status_history_changed_at: { table: 'job_status_history', method: 'btree', columns: ['changed_at DESC'] },
};

/** R-7 indexes docs/schema-decisions.md removes ("Ingest layout"): each covered by another index. */
export const DOCUMENTED_INDEX_REMOVALS: readonly string[] = [
  // Covered by idx_location_history_guard_job's leading column.
  'idx_location_history_guard_id',
];

export type OnDelete = 'CASCADE' | 'RESTRICT' | 'SET NULL' | 'NO ACTION';

/** R-7 §3.3 (and §2's inline REFERENCES): "table.column → table" with its ON DELETE rule. */
export const R7_FOREIGN_KEYS: Record<string, OnDelete> = {
  'guard_profiles.user_id -> users': 'CASCADE',
  'jobs.customer_id -> users': 'RESTRICT',
  'jobs.guard_id -> users': 'RESTRICT',
  'location_history.guard_id -> users': 'CASCADE',
  'location_history.job_id -> jobs': 'CASCADE',
  'payments.job_id -> jobs': 'RESTRICT',
  'payments.payer_id -> users': 'RESTRICT',
  'payments.payee_id -> users': 'RESTRICT',
  'sessions.user_id -> users': 'CASCADE',
};

/** The audit table's foreign keys (docs/schema-decisions.md, "Records the application cannot erase"). */
export const DOCUMENTED_FOREIGN_KEYS: Record<string, OnDelete> = {
  'job_status_history.job_id -> jobs': 'RESTRICT',
  'job_status_history.changed_by -> users': 'RESTRICT',
};

/**
 * R-7's type spelled as the catalog prints it, with the documented deviations applied:
 * TIMESTAMP is timestamptz (improvement 1), DECIMAL is its alias numeric.
 */
export function catalogType(r7Type: string): string {
  const t = r7Type.trim();
  if (/^timestamp$/i.test(t)) return 'timestamp with time zone';
  const varchar = /^varchar\((\d+)\)$/i.exec(t);
  if (varchar) return `character varying(${varchar[1]})`;
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/i.exec(t);
  if (decimal) return `numeric(${decimal[1]},${decimal[2]})`;
  const geography = /^geography\((\w+),\s*(\d+)\)$/i.exec(t);
  if (geography) return `geography(${geography[1]},${geography[2]})`;
  return t.toLowerCase();
}

/** R-7's DEFAULT as the catalog prints it: a quoted literal carries a cast to the column type. */
export function catalogDefault(r7Default: string | undefined, r7Type: string): string | null {
  if (r7Default === undefined) return null;
  if (r7Default.startsWith("'")) return `${r7Default}::${catalogType(r7Type)}`;
  return r7Default.toLowerCase();
}
