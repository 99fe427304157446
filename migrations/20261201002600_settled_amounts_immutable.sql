-- Settled money is immutable. Once a payment has succeeded (succeeded_at set, or status succeeded, refunded
-- or dispute) its amounts, parties, type and succeeded_at cannot change; once a job is paid its money
-- columns cannot change. Refunds are recorded in refund_amount_cents / refund_reason / refunded_at or as a
-- refund row, and status keeps moving (succeeded -> refunded, dispute). A column still NULL may be filled in
-- once (succeeded_at on a row inserted as succeeded).
-- One trigger function, settled_amounts_check(), takes the fixed columns as trigger arguments. A violation
-- raises SQLSTATE AG003 with the message
--   settled amounts are immutable: <table>.<column> of <id>
-- (TABLE and COLUMN fields set). The triggers bind every role, the owner included.

-- Up Migration

CREATE FUNCTION settled_amounts_check() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
  new_row jsonb := to_jsonb(NEW);
  fixed text;
BEGIN
  FOREACH fixed IN ARRAY TG_ARGV LOOP
    IF old_row -> fixed <> 'null'::jsonb AND new_row -> fixed IS DISTINCT FROM old_row -> fixed THEN
      RAISE EXCEPTION 'settled amounts are immutable: %.% of %', TG_TABLE_NAME, fixed, OLD.id
        USING ERRCODE = 'AG003',
              DETAIL = 'A succeeded payment and a paid job keep their amounts.',
              HINT = 'Record a refund (refund_amount_cents, refund_reason, refunded_at, or a refund row) instead.',
              TABLE = TG_TABLE_NAME, COLUMN = fixed;
    END IF;
  END LOOP;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION settled_amounts_check() IS 'BEFORE UPDATE trigger: the columns named by the trigger arguments keep their value once set (SQLSTATE AG003); the triggers'' WHEN clauses say when a row is settled.';

CREATE TRIGGER payments_settled_amounts_guard
  BEFORE UPDATE ON payments
  FOR EACH ROW
  WHEN (OLD.succeeded_at IS NOT NULL OR OLD.status IN ('succeeded', 'refunded', 'dispute'))
  EXECUTE FUNCTION settled_amounts_check(
    'amount_cents', 'platform_fee_cents', 'stripe_fee_cents', 'guard_payout_cents',
    'payment_type', 'job_id', 'payer_id', 'payee_id', 'succeeded_at');

CREATE TRIGGER jobs_settled_amounts_guard
  BEFORE UPDATE ON jobs
  FOR EACH ROW
  WHEN (OLD.status = 'paid')
  EXECUTE FUNCTION settled_amounts_check('hourly_rate_cents', 'total_amount_cents', 'platform_fee_cents', 'guard_payout_cents');

-- Down Migration
DROP TRIGGER jobs_settled_amounts_guard ON jobs;
DROP TRIGGER payments_settled_amounts_guard ON payments;
DROP FUNCTION settled_amounts_check();
