-- jobs (R-7 §2.3): pricing, scheduling, status-dependent column rules and the exclusion
-- constraint that makes double-booking a guard impossible. The lifecycle trigger and the
-- audit table follow in 20261122000700_job_status_history.

-- Up Migration
-- squawk-ignore-file prefer-text-field, prefer-bigint-over-int -- R-7 fixes these column types as the contract other services import

CREATE TABLE jobs (
  id uuid NOT NULL DEFAULT gen_random_uuid(),

  customer_id uuid NOT NULL,
  guard_id uuid,

  title varchar(255) NOT NULL,
  description text,
  job_type job_type NOT NULL,
  status job_status NOT NULL DEFAULT 'requested',

  location_address text NOT NULL,
  location_coordinates geography(Point, 4326) NOT NULL,
  location_notes text,

  start_time timestamptz NOT NULL,
  end_time timestamptz NOT NULL,
  duration_hours numeric(5,2) GENERATED ALWAYS AS (
    round(extract(epoch FROM (end_time - start_time)) / 3600, 2)
  ) STORED,

  required_clearance_level guard_clearance_level NOT NULL DEFAULT 'basic',
  required_skills jsonb DEFAULT '[]',
  special_requirements text,

  hourly_rate_cents integer NOT NULL,
  total_amount_cents integer NOT NULL,
  platform_fee_cents integer NOT NULL,
  guard_payout_cents integer NOT NULL,

  guard_checked_in_at timestamptz,
  guard_checked_out_at timestamptz,
  check_in_location geography(Point, 4326),
  check_out_location geography(Point, 4326),

  completed_at timestamptz,
  cancelled_at timestamptz,
  cancellation_reason text,

  metadata jsonb DEFAULT '{}',

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  CONSTRAINT jobs_pkey PRIMARY KEY (id),
  CONSTRAINT jobs_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES users (id) ON DELETE RESTRICT,
  CONSTRAINT jobs_guard_id_fkey FOREIGN KEY (guard_id) REFERENCES users (id) ON DELETE RESTRICT,

  -- scheduling and money
  CONSTRAINT jobs_time_range_check CHECK (end_time > start_time),
  CONSTRAINT jobs_customer_guard_check CHECK (guard_id <> customer_id),
  CONSTRAINT jobs_hourly_rate_cents_check CHECK (hourly_rate_cents >= 0),
  CONSTRAINT jobs_total_amount_cents_check CHECK (total_amount_cents >= 0),
  CONSTRAINT jobs_platform_fee_cents_check CHECK (platform_fee_cents >= 0),
  CONSTRAINT jobs_guard_payout_cents_check CHECK (guard_payout_cents >= 0),
  CONSTRAINT jobs_amount_split_check
    CHECK (platform_fee_cents::bigint + guard_payout_cents::bigint <= total_amount_cents),
  CONSTRAINT jobs_required_skills_check CHECK (
    jsonb_typeof(required_skills) = 'array'
    AND NOT jsonb_path_exists(required_skills, '$[*] ? (@.type() != "string")')
  ),
  CONSTRAINT jobs_metadata_check CHECK (jsonb_typeof(metadata) = 'object'),

  -- status-dependent columns (the lifecycle itself is enforced by trigger)
  CONSTRAINT jobs_guard_status_check CHECK (
    CASE status
      WHEN 'requested' THEN guard_id IS NULL
      WHEN 'cancelled' THEN true
      ELSE guard_id IS NOT NULL
    END
  ),
  CONSTRAINT jobs_checked_in_status_check CHECK (
    CASE status
      WHEN 'requested' THEN guard_checked_in_at IS NULL
      WHEN 'matched' THEN guard_checked_in_at IS NULL
      WHEN 'cancelled' THEN true
      ELSE guard_checked_in_at IS NOT NULL
    END
  ),
  CONSTRAINT jobs_checked_out_check CHECK (
    guard_checked_out_at IS NULL
    OR (guard_checked_in_at IS NOT NULL AND guard_checked_out_at >= guard_checked_in_at)
  ),
  CONSTRAINT jobs_check_in_location_check CHECK (check_in_location IS NULL OR guard_checked_in_at IS NOT NULL),
  CONSTRAINT jobs_check_out_location_check CHECK (check_out_location IS NULL OR guard_checked_out_at IS NOT NULL),
  CONSTRAINT jobs_completed_at_status_check
    CHECK ((completed_at IS NOT NULL) = (status IN ('completed', 'paid'))),
  CONSTRAINT jobs_cancelled_at_status_check
    CHECK ((cancelled_at IS NOT NULL) = (status = 'cancelled')),
  CONSTRAINT jobs_cancellation_reason_check
    CHECK (cancellation_reason IS NULL OR status = 'cancelled'),

  -- a guard can never hold two overlapping active bookings; '[)' makes back-to-back legal
  CONSTRAINT jobs_guard_no_double_booking_excl EXCLUDE USING gist (
    guard_id WITH =,
    tstzrange(start_time, end_time, '[)') WITH &&
  ) WHERE (status IN ('matched', 'in_progress'))
);

CREATE INDEX idx_jobs_customer_id ON jobs (customer_id);
CREATE INDEX idx_jobs_guard_id ON jobs (guard_id);
CREATE INDEX idx_jobs_status ON jobs (status);
CREATE INDEX idx_jobs_status_start_time ON jobs (status, start_time);
CREATE INDEX idx_jobs_location ON jobs USING gist (location_coordinates);
CREATE INDEX idx_jobs_created_at ON jobs (created_at DESC);
CREATE INDEX idx_jobs_end_time ON jobs (end_time) WHERE status IN ('matched', 'in_progress');
CREATE INDEX idx_jobs_required_skills ON jobs USING gin (required_skills);

CREATE TRIGGER jobs_set_updated_at
  BEFORE UPDATE ON jobs
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE jobs IS 'Security jobs from request to payment. status follows requested -> matched -> in_progress -> completed -> paid (cancelled from the first three), enforced by trigger and audited in job_status_history.';
COMMENT ON COLUMN jobs.customer_id IS 'The customer who posted the job (users.id).';
COMMENT ON COLUMN jobs.guard_id IS 'The assigned guard (users.id); NULL while requested, required from matched on.';
COMMENT ON COLUMN jobs.status IS 'Lifecycle state; only legal transitions are accepted (SQLSTATE AG001 otherwise).';
COMMENT ON COLUMN jobs.location_coordinates IS 'Job site, WGS84 point (longitude, latitude).';
COMMENT ON COLUMN jobs.start_time IS 'Scheduled start.';
COMMENT ON COLUMN jobs.end_time IS 'Scheduled end; later than start_time.';
COMMENT ON COLUMN jobs.duration_hours IS 'Generated: (end_time - start_time) in hours, rounded to 0.01.';
COMMENT ON COLUMN jobs.required_clearance_level IS 'Minimum guard clearance (basic < armed < executive).';
COMMENT ON COLUMN jobs.required_skills IS 'JSON array of skill strings, same vocabulary as guard_profiles.skills.';
COMMENT ON COLUMN jobs.hourly_rate_cents IS 'Agreed hourly rate in cents (USD).';
COMMENT ON COLUMN jobs.total_amount_cents IS 'Total price charged to the customer, in cents.';
COMMENT ON COLUMN jobs.platform_fee_cents IS 'Platform commission in cents; platform_fee_cents + guard_payout_cents <= total_amount_cents.';
COMMENT ON COLUMN jobs.guard_payout_cents IS 'Amount the guard earns, in cents.';
COMMENT ON COLUMN jobs.guard_checked_in_at IS 'Guard check-in time; set from in_progress on (filled in by the lifecycle trigger if omitted).';
COMMENT ON COLUMN jobs.check_in_location IS '@sensitive precise location of a person: where the guard checked in (geofence verification).';
COMMENT ON COLUMN jobs.check_out_location IS '@sensitive precise location of a person: where the guard checked out.';
COMMENT ON COLUMN jobs.completed_at IS 'Set exactly when status is completed or paid (filled in by the lifecycle trigger if omitted).';
COMMENT ON COLUMN jobs.cancelled_at IS 'Set exactly when status is cancelled (filled in by the lifecycle trigger if omitted).';
COMMENT ON COLUMN jobs.cancellation_reason IS 'Only on cancelled jobs; also recorded in job_status_history.reason.';
COMMENT ON COLUMN jobs.metadata IS 'Flexible additional attributes; always a JSON object.';

-- Down Migration
DROP TABLE jobs;
