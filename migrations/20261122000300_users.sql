-- users (R-7 §2.1) and the shared updated_at trigger function used by every table with updated_at.

-- Up Migration
-- squawk-ignore-file prefer-text-field -- R-7 fixes these varchar lengths as the contract other services import

CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION set_updated_at() IS 'BEFORE UPDATE trigger function: stamps updated_at with the transaction time.';

CREATE TABLE users (
  id uuid NOT NULL DEFAULT gen_random_uuid(),

  email varchar(255) NOT NULL,
  password_hash varchar(255) NOT NULL,
  phone varchar(20),
  phone_verified_at timestamptz,

  first_name varchar(100) NOT NULL,
  last_name varchar(100) NOT NULL,
  role user_role NOT NULL DEFAULT 'customer',
  status user_status NOT NULL DEFAULT 'pending_verification',

  stripe_customer_id varchar(255),
  stripe_account_id varchar(255),

  email_verified_at timestamptz,
  identity_verified_at timestamptz,
  background_check_status varchar(50),

  profile_photo_url text,
  bio text,

  metadata jsonb DEFAULT '{}',

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  deleted_at timestamptz,

  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_stripe_customer_id_key UNIQUE (stripe_customer_id),
  CONSTRAINT users_stripe_account_id_key UNIQUE (stripe_account_id),
  CONSTRAINT users_email_lowercase_check CHECK (email = lower(email)),
  CONSTRAINT users_email_format_check CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  CONSTRAINT users_background_check_status_check
    CHECK (background_check_status IN ('checkr_pending', 'checkr_clear', 'checkr_consider')),
  CONSTRAINT users_metadata_check CHECK (jsonb_typeof(metadata) = 'object')
);

CREATE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_role_status ON users (role, status) WHERE deleted_at IS NULL;
CREATE INDEX idx_users_stripe_customer_id ON users (stripe_customer_id);
CREATE INDEX idx_users_stripe_account_id ON users (stripe_account_id);
CREATE INDEX idx_users_phone ON users (phone);
CREATE INDEX idx_users_last_login_at ON users (last_login_at DESC);

CREATE TRIGGER users_set_updated_at
  BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE users IS 'All accounts (customers, guards, admins) with role-based polymorphism; guard-specific data lives in guard_profiles. Soft-deleted via deleted_at (CCPA).';
COMMENT ON COLUMN users.id IS 'Random UUID (no sequential ids).';
COMMENT ON COLUMN users.email IS '@sensitive personal contact data (PII): login identifier, stored lower-case; export on request, anonymize on forget.';
COMMENT ON COLUMN users.password_hash IS '@sensitive credential: password hash (bcrypt); never return in API responses or logs.';
COMMENT ON COLUMN users.phone IS '@sensitive personal contact data (PII).';
COMMENT ON COLUMN users.role IS 'customer, guard or admin.';
COMMENT ON COLUMN users.status IS 'Account lifecycle state.';
COMMENT ON COLUMN users.stripe_customer_id IS '@sensitive payment identifier: Stripe Customer id of a paying customer; used by Stripe webhooks.';
COMMENT ON COLUMN users.stripe_account_id IS '@sensitive payment identifier: Stripe Connect account id of a guard receiving payouts.';
COMMENT ON COLUMN users.identity_verified_at IS 'When Persona KYC identity verification passed.';
COMMENT ON COLUMN users.background_check_status IS '@sensitive background check outcome (FCRA-regulated): one of checkr_pending, checkr_clear, checkr_consider.';
COMMENT ON COLUMN users.metadata IS 'Flexible role-specific data; always a JSON object.';
COMMENT ON COLUMN users.last_login_at IS 'Last successful login; drives inactive-user retention (R-7 §9).';
COMMENT ON COLUMN users.deleted_at IS 'Soft delete (CCPA); a deleted user is excluded from active queries.';

-- Down Migration
DROP TABLE users;
DROP FUNCTION set_updated_at();
