-- Validates the two location_history constraints added NOT VALID by 20261201002100 and 20261201002200
-- (location_history_location_wgs84_check, location_history_recorded_at_check). VALIDATE CONSTRAINT takes a
-- SHARE UPDATE EXCLUSIVE lock: GPS ingest keeps writing while every partition is scanned once.
-- A row stored before those rules (an impossible timestamp, an empty or NaN point) stops the migration with
-- 23514 and a hint: `aegis-db retention` deletes rows recorded more than a day in the future; points must be
-- corrected or deleted by hand.

-- Up Migration

DO $$
BEGIN
  ALTER TABLE location_history VALIDATE CONSTRAINT location_history_recorded_at_check;
EXCEPTION WHEN check_violation THEN
  RAISE EXCEPTION 'location_history holds rows recorded before 2000-01-01 or more than a day in the future'
    USING ERRCODE = 'check_violation', CONSTRAINT = 'location_history_recorded_at_check',
          HINT = 'Run aegis-db retention (it deletes them), then migrate again.';
END
$$;

DO $$
BEGIN
  ALTER TABLE location_history VALIDATE CONSTRAINT location_history_location_wgs84_check;
EXCEPTION WHEN check_violation THEN
  RAISE EXCEPTION 'location_history holds empty, NaN or out-of-range points'
    USING ERRCODE = 'check_violation', CONSTRAINT = 'location_history_location_wgs84_check',
          HINT = 'Find them with SELECT id, recorded_at FROM location_history WHERE NOT valid_wgs84_point(location); correct or delete them, then migrate again.';
END
$$;

-- Down Migration
-- A validated constraint cannot be marked NOT VALID again; dropping and re-adding it NOT VALID restores the
-- earlier state exactly.
ALTER TABLE location_history DROP CONSTRAINT location_history_location_wgs84_check;
ALTER TABLE location_history ADD CONSTRAINT location_history_location_wgs84_check
  CHECK (valid_wgs84_point(location)) NOT VALID;
ALTER TABLE location_history DROP CONSTRAINT location_history_recorded_at_check;
ALTER TABLE location_history ADD CONSTRAINT location_history_recorded_at_check
  CHECK (recorded_at >= '2000-01-01 00:00:00+00'::timestamptz AND recorded_at <= now() + interval '1 day') NOT VALID;
