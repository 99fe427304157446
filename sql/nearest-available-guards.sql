-- R-7 §5.3: the nearest available, active guards to a point, nearest first.
-- $1 longitude, $2 latitude (WGS 84), $3 how many.
-- Served by the partial GIST index idx_guard_profiles_available_location (KNN via <->).
SELECT u.id AS user_id,
       u.first_name,
       u.last_name,
       gp.hourly_rate_cents,
       gp.clearance_level,
       ST_Distance(gp.current_location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) / 1609.34 AS distance_miles
  FROM guard_profiles gp
  JOIN users u ON u.id = gp.user_id
 WHERE gp.availability_status = 'available'
   AND u.status = 'active'
   AND u.deleted_at IS NULL
 ORDER BY gp.current_location <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography
 LIMIT $3
