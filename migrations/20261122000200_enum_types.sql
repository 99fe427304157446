-- R-7 enum types. Labels and their order are the contract services import; the order is
-- meaningful for guard_clearance_level (basic < armed < executive), which R-7 §8.1 compares
-- with >=. New labels may only ever be appended (ALTER TYPE ... ADD VALUE) in a later migration.

-- Up Migration
CREATE TYPE user_role AS ENUM ('customer', 'guard', 'admin');
COMMENT ON TYPE user_role IS 'Account kind: customer books jobs, guard works them, admin operates the platform.';

CREATE TYPE user_status AS ENUM ('active', 'inactive', 'suspended', 'pending_verification');
COMMENT ON TYPE user_status IS 'Account lifecycle: active, inactive, suspended (blocked by staff), pending_verification (new account, email/identity not yet verified).';

CREATE TYPE guard_clearance_level AS ENUM ('basic', 'armed', 'executive');
COMMENT ON TYPE guard_clearance_level IS 'Guard clearance, ordered basic < armed < executive: a guard qualifies for a job when clearance_level >= required_clearance_level.';

CREATE TYPE guard_availability_status AS ENUM ('available', 'busy', 'offline');
COMMENT ON TYPE guard_availability_status IS 'Real-time guard availability; only available guards are matched.';

CREATE TYPE job_status AS ENUM ('requested', 'matched', 'in_progress', 'completed', 'paid', 'cancelled');
COMMENT ON TYPE job_status IS 'Job lifecycle: requested (awaiting a guard) -> matched (guard assigned) -> in_progress (guard checked in) -> completed (awaiting payment) -> paid; cancelled from requested, matched or in_progress. Enforced by trigger jobs_status_transition_guard.';

CREATE TYPE job_type AS ENUM ('patrol', 'event', 'executive', 'access_control', 'emergency');
COMMENT ON TYPE job_type IS 'Kind of security work requested.';

CREATE TYPE payment_type AS ENUM ('charge', 'payout', 'refund');
COMMENT ON TYPE payment_type IS 'charge: customer -> platform; payout: platform -> guard; refund: platform -> customer.';

CREATE TYPE payment_status AS ENUM ('pending', 'processing', 'succeeded', 'failed', 'cancelled', 'refunded', 'dispute');
COMMENT ON TYPE payment_status IS 'pending (intent created), processing (at Stripe), succeeded, failed, cancelled, refunded (full or partial), dispute (customer disputed the charge).';

-- Down Migration
DROP TYPE payment_status;
DROP TYPE payment_type;
DROP TYPE job_type;
DROP TYPE job_status;
DROP TYPE guard_availability_status;
DROP TYPE guard_clearance_level;
DROP TYPE user_status;
DROP TYPE user_role;
