-- sql/match-guards-for-job.sql as it was before it ranked guards in a LATERAL subquery (same parameters:
-- $1 job id, $2 radius in meters, $3 how many): every guard in the radius is joined to users and sorted.
-- The benchmark's baseline, and the reference test/integration/matching-plan.test.ts compares rows with.
SELECT u.id AS user_id,
       u.first_name,
       u.last_name,
       gp.clearance_level,
       gp.hourly_rate_cents,
       ST_Distance(gp.current_location, job.location_coordinates) / 1609.34 AS distance_miles
  FROM jobs job
  JOIN guard_profiles gp
    ON gp.availability_status = 'available'
   AND gp.clearance_level >= job.required_clearance_level
   AND ST_DWithin(gp.current_location, job.location_coordinates, $2)
  JOIN users u ON u.id = gp.user_id
 WHERE job.id = $1
   AND u.status = 'active'
   AND u.deleted_at IS NULL
 ORDER BY gp.current_location <-> job.location_coordinates
 LIMIT $3
