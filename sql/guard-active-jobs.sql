-- R-7 §2.3 / §8.1: a guard's active jobs (matched or in progress) with their customer, soonest first.
-- @param guardId the guard's user id
SELECT j.id,
       j.title,
       j.status,
       j.start_time,
       j.end_time,
       j.location_address,
       c.id AS customer_id,
       c.first_name AS customer_first_name,
       c.last_name AS customer_last_name
  FROM jobs j
  JOIN users c ON c.id = j.customer_id
 WHERE j.guard_id = :guardId
   AND j.status IN ('matched', 'in_progress')
 ORDER BY j.start_time
