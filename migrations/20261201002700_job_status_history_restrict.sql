-- job_status_history is a record: deleting a job or the user who made a change no longer erases or
-- anonymises it. job_status_history_job_id_fkey and job_status_history_changed_by_fkey become
-- ON DELETE RESTRICT (were CASCADE and SET NULL): such a DELETE fails with 23001 (PostgreSQL >= 17) or
-- 23503 (15), naming the constraint. Users leave by soft delete or privacy forget (which anonymises the
-- users row and keeps its id); jobs end by cancellation. The owner can still remove test data by deleting
-- the history rows first, or with TRUNCATE of both tables.
-- Only the ON DELETE action changes, so every row already satisfies the new keys; re-adding them scans
-- job_status_history once (a few rows per job) under a lock that holds back job status changes meanwhile.

-- Up Migration
-- squawk-ignore-file constraint-missing-not-valid, adding-foreign-key-constraint -- the keys are the existing ones with another ON DELETE action: validation cannot fail, and job_status_history is small

ALTER TABLE job_status_history DROP CONSTRAINT job_status_history_job_id_fkey;
ALTER TABLE job_status_history ADD CONSTRAINT job_status_history_job_id_fkey
  FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE RESTRICT;
ALTER TABLE job_status_history DROP CONSTRAINT job_status_history_changed_by_fkey;
ALTER TABLE job_status_history ADD CONSTRAINT job_status_history_changed_by_fkey
  FOREIGN KEY (changed_by) REFERENCES users (id) ON DELETE RESTRICT;

-- Down Migration
ALTER TABLE job_status_history DROP CONSTRAINT job_status_history_changed_by_fkey;
ALTER TABLE job_status_history ADD CONSTRAINT job_status_history_changed_by_fkey
  FOREIGN KEY (changed_by) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE job_status_history DROP CONSTRAINT job_status_history_job_id_fkey;
ALTER TABLE job_status_history ADD CONSTRAINT job_status_history_job_id_fkey
  FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE;
