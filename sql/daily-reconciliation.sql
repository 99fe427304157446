-- R-7 §2.5 financial reconciliation: succeeded payments per UTC day over the last `days` days, newest day first.
-- Amounts stay in cents (integers), so nothing is lost to floating point.
-- @param days how many days back from now
-- @notNull day, payments, amount_cents, platform_fee_cents, guard_payout_cents
SELECT (date_trunc('day', created_at AT TIME ZONE 'UTC'))::date AS day,
       count(*) AS payments,
       sum(amount_cents) AS amount_cents,
       sum(platform_fee_cents) AS platform_fee_cents,
       sum(guard_payout_cents) AS guard_payout_cents
  FROM payments
 WHERE status = 'succeeded'
   AND created_at >= now() - make_interval(days => :days)
 GROUP BY 1
 ORDER BY 1 DESC
