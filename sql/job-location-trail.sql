-- R-7 §2.4 / §5.3: a guard's GPS trail during a job, in the order it was recorded.
-- $1 the guard's user id, $2 the job id. Served by idx_location_history_guard_job.
SELECT recorded_at,
       ST_X(location::geometry) AS longitude,
       ST_Y(location::geometry) AS latitude,
       accuracy_meters
  FROM location_history
 WHERE guard_id = $1
   AND job_id = $2
 ORDER BY recorded_at
