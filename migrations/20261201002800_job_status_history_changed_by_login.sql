-- Audit attribution. changed_by comes from the session setting aegis.user_id, which any session may set to
-- any user id: it records which end user the application says acted, no more. job_status_history now also
-- records changed_by_login = session_user, the database login that authenticated the connection. A
-- non-superuser cannot change session_user (SET ROLE changes current_user only; SET SESSION AUTHORIZATION
-- needs a superuser) and cannot write job_status_history directly, so changed_by_login proves which login
-- (which service) made the change. Rows written before this migration have NULL.

-- Up Migration

ALTER TABLE job_status_history ADD COLUMN changed_by_login text;
COMMENT ON COLUMN job_status_history.changed_by_login IS 'Database login (session_user) of the connection that made the change; set by the audit trigger, cannot be forged without superuser rights. NULL for rows written before it was recorded.';
COMMENT ON COLUMN job_status_history.changed_by IS 'Acting user as the application claims it, from the session setting aegis.user_id (SET LOCAL aegis.user_id = ''<uuid>''); NULL when unset. Any session can set it; changed_by_login says which login did.';

CREATE OR REPLACE FUNCTION jobs_status_audit() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NULL;
  END IF;

  INSERT INTO public.job_status_history (job_id, from_status, to_status, changed_by, changed_by_login, reason)
  VALUES (
    NEW.id,
    CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
    NEW.status,
    nullif(current_setting('aegis.user_id', true), '')::uuid,
    session_user,
    coalesce(
      nullif(current_setting('aegis.status_reason', true), ''),
      CASE WHEN NEW.status = 'cancelled' THEN NEW.cancellation_reason END
    )
  );
  RETURN NULL;
END
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION jobs_status_audit() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NULL;
  END IF;

  INSERT INTO public.job_status_history (job_id, from_status, to_status, changed_by, reason)
  VALUES (
    NEW.id,
    CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
    NEW.status,
    nullif(current_setting('aegis.user_id', true), '')::uuid,
    coalesce(
      nullif(current_setting('aegis.status_reason', true), ''),
      CASE WHEN NEW.status = 'cancelled' THEN NEW.cancellation_reason END
    )
  );
  RETURN NULL;
END
$$;
COMMENT ON COLUMN job_status_history.changed_by IS 'Acting user, from the session setting aegis.user_id (SET LOCAL aegis.user_id = ''<uuid>''); NULL when unset.';
ALTER TABLE job_status_history DROP COLUMN changed_by_login;
