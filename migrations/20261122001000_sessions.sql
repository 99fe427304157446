-- sessions (R-7 §2.6): database-backed authentication sessions.

-- Up Migration
-- squawk-ignore-file prefer-text-field -- R-7 fixes these varchar lengths as the contract other services import

CREATE TABLE sessions (
  id uuid NOT NULL DEFAULT gen_random_uuid(),

  user_id uuid NOT NULL,

  session_token varchar(255) NOT NULL,
  refresh_token varchar(255),

  device_type varchar(50),
  device_name varchar(100),
  user_agent text,
  ip_address varchar(45),

  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_active_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,

  CONSTRAINT sessions_pkey PRIMARY KEY (id),
  CONSTRAINT sessions_session_token_key UNIQUE (session_token),
  CONSTRAINT sessions_refresh_token_key UNIQUE (refresh_token),
  CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT sessions_expires_at_check CHECK (expires_at > created_at),
  CONSTRAINT sessions_device_type_check CHECK (device_type IN ('web', 'ios', 'android'))
);

CREATE INDEX idx_sessions_user_id ON sessions (user_id);
CREATE INDEX idx_sessions_session_token ON sessions (session_token);
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);

COMMENT ON TABLE sessions IS 'Authentication sessions (optional per R-7 §2.6; Redis may hold the hot copy). Deleted with their user.';
COMMENT ON COLUMN sessions.session_token IS '@sensitive credential: bearer session token; store a hash, never log or return it.';
COMMENT ON COLUMN sessions.refresh_token IS '@sensitive credential: refresh token; store a hash, never log or return it.';
COMMENT ON COLUMN sessions.device_type IS 'web, ios or android.';
COMMENT ON COLUMN sessions.device_name IS 'Human-readable device, e.g. ''iPhone 12'', ''Chrome on Windows''.';
COMMENT ON COLUMN sessions.ip_address IS '@sensitive network identifier (personal data under CCPA): client IPv4 or IPv6 address as text.';
COMMENT ON COLUMN sessions.expires_at IS 'Session expiry; later than created_at.';
COMMENT ON COLUMN sessions.revoked_at IS 'Set when the session was revoked manually.';

-- Down Migration
DROP TABLE sessions;
