-- R-7 §2.4 / §5.3: a guard's GPS trail during a job, in the order it was recorded.
-- Served by idx_location_history_guard_job.
-- @param guardId the guard's user id
-- @param jobId the job
-- @notNull longitude, latitude
SELECT recorded_at,
       ST_X(location::geometry) AS longitude,
       ST_Y(location::geometry) AS latitude,
       accuracy_meters
  FROM location_history
 WHERE guard_id = :guardId
   AND job_id = :jobId
 ORDER BY recorded_at
