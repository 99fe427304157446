-- R-7 §2.5: money a guard has earned that has not been paid out yet: succeeded payments to the guard with no
-- Stripe payout recorded, oldest first.
-- @param guardId the guard's user id
SELECT p.id,
       p.guard_payout_cents,
       p.created_at,
       j.id AS job_id,
       j.title
  FROM payments p
  JOIN jobs j ON j.id = p.job_id
 WHERE p.payee_id = :guardId
   AND p.status = 'succeeded'
   AND p.stripe_payout_id IS NULL
 ORDER BY p.created_at
