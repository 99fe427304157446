-- location_history (R-7 §2.4), range-partitioned by recorded_at into daily UTC partitions
-- named location_history_pYYYYMMDD, plus a DEFAULT partition as a safety net, and the two
-- maintenance functions:
--   location_history_ensure_partitions(from_date date, to_date date) RETURNS SETOF text
--   location_history_drop_partitions_before(cutoff timestamptz) RETURNS SETOF text
-- This migration creates partitions from 31 days ago through 7 days ahead (UTC days).

-- Up Migration
-- squawk-ignore-file prefer-text-field -- R-7 fixes these varchar lengths as the contract other services import

CREATE TABLE location_history (
  id uuid NOT NULL DEFAULT gen_random_uuid(),

  guard_id uuid NOT NULL,
  job_id uuid,

  location geography(Point, 4326) NOT NULL,
  accuracy_meters numeric(6,2),
  altitude_meters numeric(8,2),
  speed_mps numeric(5,2),
  heading_degrees numeric(5,2),

  device_type varchar(50),
  app_version varchar(20),

  recorded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_at timestamptz NOT NULL DEFAULT now(),

  is_offline_upload boolean DEFAULT false,

  created_at timestamptz NOT NULL DEFAULT now(),

  CONSTRAINT location_history_pkey PRIMARY KEY (id, recorded_at),
  CONSTRAINT location_history_guard_id_fkey FOREIGN KEY (guard_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT location_history_job_id_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
  CONSTRAINT location_history_accuracy_meters_check CHECK (accuracy_meters >= 0),
  CONSTRAINT location_history_speed_mps_check CHECK (speed_mps >= 0),
  CONSTRAINT location_history_heading_degrees_check CHECK (heading_degrees >= 0 AND heading_degrees <= 360),
  CONSTRAINT location_history_device_type_check CHECK (device_type IN ('ios', 'android', 'web'))
) PARTITION BY RANGE (recorded_at);

CREATE INDEX idx_location_history_guard_id ON location_history (guard_id);
CREATE INDEX idx_location_history_job_id ON location_history (job_id);
CREATE INDEX idx_location_history_recorded_at ON location_history (recorded_at DESC);
CREATE INDEX idx_location_history_location ON location_history USING gist (location);
CREATE INDEX idx_location_history_guard_job ON location_history (guard_id, job_id, recorded_at DESC);

CREATE TABLE location_history_default PARTITION OF location_history DEFAULT;

COMMENT ON TABLE location_history IS 'Guard GPS points, kept 30 days (R-7 §9). Range-partitioned by recorded_at into daily UTC partitions location_history_pYYYYMMDD; retention drops whole partitions. location_history_default catches rows outside every daily partition.';
COMMENT ON TABLE location_history_default IS 'Safety net for rows whose day has no partition yet; location_history_ensure_partitions moves such rows into the day partition it creates.';
COMMENT ON COLUMN location_history.id IS 'Random UUID; the primary key is (id, recorded_at) because a partitioned table''s keys must include the partition key.';
COMMENT ON COLUMN location_history.guard_id IS 'Whose location this is (users.id).';
COMMENT ON COLUMN location_history.job_id IS 'The job being worked, NULL when tracking outside a job.';
COMMENT ON COLUMN location_history.location IS '@sensitive precise location of a person: WGS84 point (longitude, latitude).';
COMMENT ON COLUMN location_history.accuracy_meters IS 'GPS accuracy radius in meters (>= 0).';
COMMENT ON COLUMN location_history.altitude_meters IS 'Altitude in meters.';
COMMENT ON COLUMN location_history.speed_mps IS 'Speed in meters per second (>= 0).';
COMMENT ON COLUMN location_history.heading_degrees IS 'Compass heading in degrees, 0 to 360.';
COMMENT ON COLUMN location_history.device_type IS 'ios, android or web.';
COMMENT ON COLUMN location_history.recorded_at IS 'When the device captured the point (device clock); the partition key.';
COMMENT ON COLUMN location_history.uploaded_at IS 'When the server received the point.';
COMMENT ON COLUMN location_history.is_offline_upload IS 'TRUE when uploaded after connectivity was restored.';

CREATE FUNCTION location_history_ensure_partitions(
  from_date date DEFAULT (now() AT TIME ZONE 'UTC')::date - 31,
  to_date date DEFAULT (now() AT TIME ZONE 'UTC')::date + 7
) RETURNS SETOF text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  day date;
  part text;
  lower_bound timestamptz;
  upper_bound timestamptz;
BEGIN
  IF from_date IS NULL OR to_date IS NULL THEN
    RAISE EXCEPTION 'location_history_ensure_partitions: from_date and to_date must not be NULL'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF to_date - from_date > 366 THEN
    RAISE EXCEPTION 'location_history_ensure_partitions: at most 367 days per call (asked for % to %)', from_date, to_date
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  day := from_date;
  WHILE day <= to_date LOOP
    part := 'location_history_p' || to_char(day, 'YYYYMMDD');
    IF to_regclass(format('public.%I', part)) IS NULL THEN
      lower_bound := day::timestamp AT TIME ZONE 'UTC';
      upper_bound := (day + 1)::timestamp AT TIME ZONE 'UTC';

      -- Build the partition beside the parent and attach it: ATTACH needs only a
      -- SHARE UPDATE EXCLUSIVE lock on location_history, so ingest keeps flowing.
      EXECUTE format(
        'CREATE TABLE public.%I (LIKE public.location_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
        part);
      -- Rows that already landed in the default partition for this day move with it.
      EXECUTE format(
        'WITH moved AS (DELETE FROM public.location_history_default WHERE recorded_at >= $1 AND recorded_at < $2 RETURNING *) '
        'INSERT INTO public.%I SELECT * FROM moved',
        part) USING lower_bound, upper_bound;
      EXECUTE format(
        'ALTER TABLE public.location_history ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
        part, lower_bound, upper_bound);

      RETURN NEXT part;
    END IF;
    day := day + 1;
  END LOOP;
  RETURN;
END
$$;
COMMENT ON FUNCTION location_history_ensure_partitions(date, date) IS 'Creates the missing daily partitions location_history_pYYYYMMDD for every UTC day from from_date through to_date (default: 31 days ago through 7 days ahead), moving any rows of those days out of location_history_default. Returns the names created. Idempotent; SECURITY DEFINER so the application role may keep partitions ahead.';

CREATE FUNCTION location_history_drop_partitions_before(cutoff timestamptz) RETURNS SETOF text
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
  part record;
BEGIN
  IF cutoff IS NULL THEN
    RAISE EXCEPTION 'location_history_drop_partitions_before: cutoff must not be NULL'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  FOR part IN
    SELECT c.oid::regclass AS rel, c.relname,
           (regexp_match(pg_get_expr(c.relpartbound, c.oid),
                         '^FOR VALUES FROM \(''([^'']+)''\) TO \(''([^'']+)''\)$'))[2]::timestamptz AS upper_bound
    FROM pg_catalog.pg_inherits i
    JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'public.location_history'::regclass
    ORDER BY c.relname
  LOOP
    -- The default partition and partitions bounded by MINVALUE/MAXVALUE have no upper bound here.
    IF part.upper_bound IS NOT NULL AND part.upper_bound <= cutoff THEN
      EXECUTE format('DROP TABLE %s', part.rel);
      RETURN NEXT part.relname::text;
    END IF;
  END LOOP;
  RETURN;
END
$$;
COMMENT ON FUNCTION location_history_drop_partitions_before(timestamptz) IS 'Drops every location_history partition whose upper bound is <= cutoff (wholly older than cutoff) and returns their names. A partition straddling the cutoff and the default partition are kept; delete their expired rows separately.';

REVOKE EXECUTE ON FUNCTION location_history_ensure_partitions(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION location_history_drop_partitions_before(timestamptz) FROM PUBLIC;

SELECT count(*) AS partitions_created FROM location_history_ensure_partitions(
  (now() AT TIME ZONE 'UTC')::date - 31,
  (now() AT TIME ZONE 'UTC')::date + 7
);

-- Down Migration
DROP FUNCTION location_history_drop_partitions_before(timestamptz);
DROP FUNCTION location_history_ensure_partitions(date, date);
DROP TABLE location_history;
