-- guard_profiles (R-7 §2.2) with the partial GIST index that serves matching (R-7 §5.3, §8.1).

-- Up Migration
-- squawk-ignore-file prefer-text-field, prefer-bigint-over-int -- R-7 fixes these column types as the contract other services import

CREATE TABLE guard_profiles (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,

  license_number varchar(50) NOT NULL,
  license_state varchar(2) NOT NULL,
  license_expiry_date date NOT NULL,
  license_verified_at timestamptz,

  clearance_level guard_clearance_level NOT NULL DEFAULT 'basic',
  skills jsonb DEFAULT '[]',
  certifications jsonb DEFAULT '[]',

  availability_status guard_availability_status NOT NULL DEFAULT 'offline',
  available_from timestamptz,
  available_until timestamptz,

  hourly_rate_cents integer NOT NULL,

  total_jobs_completed integer DEFAULT 0,
  average_rating numeric(3,2) DEFAULT 0.00,
  total_hours_worked integer DEFAULT 0,

  current_location geography(Point, 4326),
  location_updated_at timestamptz,

  background_check_report_url text,
  background_check_completed_at timestamptz,

  metadata jsonb DEFAULT '{}',

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  CONSTRAINT guard_profiles_pkey PRIMARY KEY (id),
  CONSTRAINT guard_profiles_user_id_key UNIQUE (user_id),
  CONSTRAINT guard_profiles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT guard_profiles_license_state_check CHECK (license_state IN (
    'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY',
    'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND',
    'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
    'DC', 'PR', 'GU', 'VI', 'AS', 'MP'
  )),
  CONSTRAINT guard_profiles_license_number_check CHECK (btrim(license_number) <> ''),
  CONSTRAINT guard_profiles_hourly_rate_cents_check CHECK (hourly_rate_cents >= 0),
  CONSTRAINT guard_profiles_total_jobs_completed_check CHECK (total_jobs_completed >= 0),
  CONSTRAINT guard_profiles_total_hours_worked_check CHECK (total_hours_worked >= 0),
  CONSTRAINT guard_profiles_average_rating_check CHECK (average_rating >= 0 AND average_rating <= 5),
  CONSTRAINT guard_profiles_availability_window_check
    CHECK (available_until > available_from),
  CONSTRAINT guard_profiles_skills_check CHECK (
    jsonb_typeof(skills) = 'array' AND NOT jsonb_path_exists(skills, '$[*] ? (@.type() != "string")')
  ),
  CONSTRAINT guard_profiles_certifications_check CHECK (
    jsonb_typeof(certifications) = 'array' AND NOT jsonb_path_exists(certifications, '$[*] ? (@.type() != "string")')
  ),
  CONSTRAINT guard_profiles_metadata_check CHECK (jsonb_typeof(metadata) = 'object')
);

CREATE INDEX idx_guard_profiles_user_id ON guard_profiles (user_id);
CREATE UNIQUE INDEX idx_guard_profiles_license ON guard_profiles (license_number, license_state);
CREATE INDEX idx_guard_profiles_clearance ON guard_profiles (clearance_level);
CREATE INDEX idx_guard_profiles_availability ON guard_profiles (availability_status)
  WHERE availability_status = 'available';
CREATE INDEX idx_guard_profiles_skills ON guard_profiles USING gin (skills);
CREATE INDEX idx_guard_profiles_location ON guard_profiles USING gist (current_location);
CREATE INDEX idx_guard_profiles_available_location ON guard_profiles USING gist (current_location)
  WHERE availability_status = 'available';

CREATE TRIGGER guard_profiles_set_updated_at
  BEFORE UPDATE ON guard_profiles
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE guard_profiles IS 'Guard-specific data (license, clearance, skills, availability, rate, live location); one row per guard user.';
COMMENT ON COLUMN guard_profiles.user_id IS 'The guard''s users.id (one-to-one; deleting the user deletes the profile).';
COMMENT ON COLUMN guard_profiles.license_number IS '@sensitive government-issued license number (PII); unique together with license_state.';
COMMENT ON COLUMN guard_profiles.license_state IS 'Issuing US state or territory, two-letter USPS code (CA, NY, ...).';
COMMENT ON COLUMN guard_profiles.clearance_level IS 'basic < armed < executive; decides which jobs the guard may take.';
COMMENT ON COLUMN guard_profiles.skills IS 'JSON array of skill strings, e.g. ["event_security","patrol","access_control"].';
COMMENT ON COLUMN guard_profiles.certifications IS 'JSON array of certification strings, e.g. ["cpr","first_aid","firearms"].';
COMMENT ON COLUMN guard_profiles.availability_status IS 'available guards are the only ones matched (see idx_guard_profiles_available_location).';
COMMENT ON COLUMN guard_profiles.hourly_rate_cents IS 'Hourly rate in cents (USD), e.g. 2500 = $25.00/h.';
COMMENT ON COLUMN guard_profiles.average_rating IS 'Average review rating, 0.00 to 5.00.';
COMMENT ON COLUMN guard_profiles.current_location IS '@sensitive precise live location of a person: WGS84 point (longitude, latitude) used for matching.';
COMMENT ON COLUMN guard_profiles.background_check_report_url IS '@sensitive link to the Checkr background check report (FCRA-regulated).';
COMMENT ON COLUMN guard_profiles.metadata IS 'Flexible additional attributes; always a JSON object.';

-- Down Migration
DROP TABLE guard_profiles;
