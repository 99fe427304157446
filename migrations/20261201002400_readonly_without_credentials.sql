-- aegis_readonly ("grant it to reporting and support logins") no longer reads credentials: on users and
-- sessions it has SELECT on every column except the ones whose comment starts "@sensitive credential"
-- (users.password_hash, sessions.session_token, sessions.refresh_token). Selecting one of those, or
-- SELECT *, fails with 42501; count(*) and every other column still work. aegis_app keeps full access
-- (logins check the hash and look up tokens).
-- Column privileges do not extend to columns added later: a migration adding a column to users or sessions
-- must grant SELECT on it to aegis_readonly unless it is a credential.

-- Up Migration

REVOKE SELECT ON users, sessions FROM aegis_readonly;
GRANT SELECT (
  id, email, phone, phone_verified_at, first_name, last_name, role, status, stripe_customer_id,
  stripe_account_id, email_verified_at, identity_verified_at, background_check_status, profile_photo_url,
  bio, metadata, created_at, updated_at, last_login_at, deleted_at
) ON users TO aegis_readonly;
GRANT SELECT (
  id, user_id, device_type, device_name, user_agent, ip_address, created_at, expires_at, last_active_at,
  revoked_at
) ON sessions TO aegis_readonly;

COMMENT ON COLUMN users.password_hash IS '@sensitive credential: password hash (bcrypt); never return in API responses or logs. aegis_readonly cannot select it.';
COMMENT ON COLUMN sessions.session_token IS '@sensitive credential: bearer session token; store a hash, never log or return it. aegis_readonly cannot select it.';
COMMENT ON COLUMN sessions.refresh_token IS '@sensitive credential: refresh token; store a hash, never log or return it. aegis_readonly cannot select it.';

-- Down Migration
-- Revoking the table privilege also revokes the column privileges granted above.
REVOKE SELECT ON users, sessions FROM aegis_readonly;
GRANT SELECT ON users, sessions TO aegis_readonly;
COMMENT ON COLUMN users.password_hash IS '@sensitive credential: password hash (bcrypt); never return in API responses or logs.';
COMMENT ON COLUMN sessions.session_token IS '@sensitive credential: bearer session token; store a hash, never log or return it.';
COMMENT ON COLUMN sessions.refresh_token IS '@sensitive credential: refresh token; store a hash, never log or return it.';
