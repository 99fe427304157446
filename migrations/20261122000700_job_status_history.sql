-- Job lifecycle (R-7 §2.3) enforced by trigger, and every status change audited in
-- job_status_history.
--
--   requested -> matched -> in_progress -> completed -> paid
--   requested | matched | in_progress -> cancelled
--
-- Any other status change raises SQLSTATE AG001 with the message
--   invalid job status transition: <from> -> <to>
-- and an INSERT must start at requested (message: invalid job status transition: (new) -> <to>).
-- changed_by comes from the session setting aegis.user_id, reason from aegis.status_reason
-- (falling back to jobs.cancellation_reason on cancellation).

-- Up Migration

CREATE TABLE job_status_history (
  id bigint GENERATED ALWAYS AS IDENTITY,
  job_id uuid NOT NULL,
  from_status job_status,
  to_status job_status NOT NULL,
  changed_by uuid,
  reason text,
  changed_at timestamptz NOT NULL DEFAULT now(),

  CONSTRAINT job_status_history_pkey PRIMARY KEY (id),
  CONSTRAINT job_status_history_job_id_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
  CONSTRAINT job_status_history_changed_by_fkey FOREIGN KEY (changed_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT job_status_history_change_check CHECK (from_status IS DISTINCT FROM to_status)
);

CREATE INDEX idx_job_status_history_job_id ON job_status_history (job_id, id);
CREATE INDEX idx_job_status_history_changed_at ON job_status_history (changed_at DESC);

COMMENT ON TABLE job_status_history IS 'Append-only audit of job status changes, written only by trigger jobs_status_audit (one row for the insert, one per transition).';
COMMENT ON COLUMN job_status_history.id IS 'Monotonic; orders the changes of one job even within one transaction.';
COMMENT ON COLUMN job_status_history.from_status IS 'Previous status; NULL for the row written when the job was inserted.';
COMMENT ON COLUMN job_status_history.to_status IS 'New status.';
COMMENT ON COLUMN job_status_history.changed_by IS 'Acting user, from the session setting aegis.user_id (SET LOCAL aegis.user_id = ''<uuid>''); NULL when unset.';
COMMENT ON COLUMN job_status_history.reason IS 'From the session setting aegis.status_reason, else jobs.cancellation_reason for a cancellation.';

CREATE FUNCTION jobs_status_transition_check() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status IS DISTINCT FROM 'requested' THEN
      RAISE EXCEPTION 'invalid job status transition: (new) -> %', NEW.status
        USING ERRCODE = 'AG001',
              DETAIL = 'A job must be inserted with status requested and reach later statuses through legal transitions.',
              HINT = 'Insert with status requested, then update it: requested -> matched -> in_progress -> completed -> paid.',
              TABLE = 'jobs', COLUMN = 'status';
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;

  IF NOT (
       (OLD.status = 'requested'   AND NEW.status IN ('matched', 'cancelled'))
    OR (OLD.status = 'matched'     AND NEW.status IN ('in_progress', 'cancelled'))
    OR (OLD.status = 'in_progress' AND NEW.status IN ('completed', 'cancelled'))
    OR (OLD.status = 'completed'   AND NEW.status = 'paid')
  ) THEN
    RAISE EXCEPTION 'invalid job status transition: % -> %', OLD.status, NEW.status
      USING ERRCODE = 'AG001',
            DETAIL = format('Job %s cannot move from %s to %s.', OLD.id, OLD.status, NEW.status),
            HINT = 'Legal transitions: requested -> matched -> in_progress -> completed -> paid, and requested, matched or in_progress -> cancelled.',
            TABLE = 'jobs', COLUMN = 'status';
  END IF;

  -- Fill in the timestamp the new status implies when the caller did not set it.
  IF NEW.status = 'in_progress' AND NEW.guard_checked_in_at IS NULL THEN
    NEW.guard_checked_in_at := now();
  ELSIF NEW.status = 'completed' AND NEW.completed_at IS NULL THEN
    NEW.completed_at := now();
  ELSIF NEW.status = 'cancelled' AND NEW.cancelled_at IS NULL THEN
    NEW.cancelled_at := now();
  END IF;

  RETURN NEW;
END
$$;
COMMENT ON FUNCTION jobs_status_transition_check() IS 'BEFORE trigger on jobs: rejects illegal status transitions with SQLSTATE AG001 and fills in guard_checked_in_at, completed_at or cancelled_at when a transition implies them.';

CREATE FUNCTION jobs_status_audit() RETURNS trigger
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
COMMENT ON FUNCTION jobs_status_audit() IS 'AFTER trigger on jobs: appends the status change to job_status_history. SECURITY DEFINER so that application roles need no write access to the audit table.';
REVOKE EXECUTE ON FUNCTION jobs_status_audit() FROM PUBLIC;

CREATE TRIGGER jobs_status_transition_guard
  BEFORE INSERT OR UPDATE OF status ON jobs
  FOR EACH ROW EXECUTE FUNCTION jobs_status_transition_check();

CREATE TRIGGER jobs_status_audit
  AFTER INSERT OR UPDATE OF status ON jobs
  FOR EACH ROW EXECUTE FUNCTION jobs_status_audit();

-- Down Migration
DROP TRIGGER jobs_status_audit ON jobs;
DROP TRIGGER jobs_status_transition_guard ON jobs;
DROP FUNCTION jobs_status_audit();
DROP FUNCTION jobs_status_transition_check();
DROP TABLE job_status_history;
