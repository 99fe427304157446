-- R-7 §2.5: a customer's payments with the job they paid for, newest first.
-- @param customerId the customer's user id
SELECT p.id,
       p.payment_type,
       p.status,
       p.amount_cents,
       p.refund_amount_cents,
       p.created_at,
       p.succeeded_at,
       j.id AS job_id,
       j.title,
       j.start_time
  FROM payments p
  JOIN jobs j ON j.id = p.job_id
 WHERE p.payer_id = :customerId
 ORDER BY p.created_at DESC
