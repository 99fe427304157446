-- R-7 §8.1 findAvailableGuardsForJob: available, active guards within a radius of the job whose clearance
-- is at least the job's, nearest first.
-- The job is read once; the guards come from the partial GIST index idx_guard_profiles_available_location.
-- @param jobId the job to find guards for
-- @param radiusMeters = 24140.1 how far from the job, in meters (R-7: 15 miles)
-- @param limit = 20 how many guards at most
-- @notNull distance_miles
SELECT m.user_id,
       m.first_name,
       m.last_name,
       m.clearance_level,
       m.hourly_rate_cents,
       m.distance_miles
  FROM jobs job
       -- Ranked inside a LATERAL subquery, where the job's point is a constant for the index: the scan walks
       -- the index nearest first (KNN, bounded by the radius) and stops at the limit, instead of fetching
       -- every guard in the radius and sorting them all.
 CROSS JOIN LATERAL (
       SELECT u.id AS user_id,
              u.first_name,
              u.last_name,
              gp.clearance_level,
              gp.hourly_rate_cents,
              ST_Distance(gp.current_location, job.location_coordinates) / 1609.34 AS distance_miles,
              gp.current_location <-> job.location_coordinates AS rank_distance
         FROM guard_profiles gp
         JOIN users u ON u.id = gp.user_id
        WHERE gp.availability_status = 'available'
          AND gp.clearance_level >= job.required_clearance_level
          AND ST_DWithin(gp.current_location, job.location_coordinates, :radiusMeters)
          AND u.status = 'active'
          AND u.deleted_at IS NULL
        ORDER BY gp.current_location <-> job.location_coordinates
        LIMIT :limit
       ) m
 WHERE job.id = :jobId
 ORDER BY m.rank_distance
