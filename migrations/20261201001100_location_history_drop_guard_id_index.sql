-- idx_location_history_guard_id (guard_id) is covered by idx_location_history_guard_job
-- (guard_id, job_id, recorded_at DESC): every lookup by guard_id alone (R-7's last known location, the
-- ON DELETE CASCADE from users, privacy forget) is served by that index's leading column. On the
-- table that takes every GPS point, a redundant index is pure insert cost.

-- Up Migration
-- squawk-ignore-file require-concurrent-index-deletion -- a partitioned index cannot be dropped CONCURRENTLY; dropping one is a catalog change (brief ACCESS EXCLUSIVE lock, no scan)

DROP INDEX idx_location_history_guard_id;

-- Down Migration
CREATE INDEX idx_location_history_guard_id ON location_history (guard_id);
