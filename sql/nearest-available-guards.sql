-- R-7 §5.3: the nearest available, active guards to a point, nearest first.
-- Served by the partial GIST index idx_guard_profiles_available_location (KNN via <->).
-- @param longitude WGS 84 degrees
-- @param latitude WGS 84 degrees
-- @param limit = 10 how many guards at most
-- @notNull distance_miles
SELECT u.id AS user_id,
       u.first_name,
       u.last_name,
       gp.hourly_rate_cents,
       gp.clearance_level,
       ST_Distance(gp.current_location, ST_SetSRID(ST_MakePoint(:longitude, :latitude), 4326)::geography) / 1609.34 AS distance_miles
  FROM guard_profiles gp
  JOIN users u ON u.id = gp.user_id
 WHERE gp.availability_status = 'available'
   AND gp.current_location IS NOT NULL
   AND u.status = 'active'
   AND u.deleted_at IS NULL
 ORDER BY gp.current_location <-> ST_SetSRID(ST_MakePoint(:longitude, :latitude), 4326)::geography
 LIMIT :limit
