-- payments: R-7's split (§2.5 and its seed: amount 10000 = platform fee 1500 + guard payout 8500, Stripe's
-- 2.9% + 30c recorded beside them). Stripe's fee is the platform's cost, paid out of its commission by the
-- platform's books, never taken from the guard's payout, so it is not a third share of amount_cents:
--   payments_amount_split_check          platform_fee_cents + guard_payout_cents <= amount_cents
--   payments_stripe_fee_cents_amount_check  stripe_fee_cents <= amount_cents
-- Every other money rule stays (each amount >= 0, refund between 0 and amount_cents, payer <> payee).

-- Up Migration
-- squawk-ignore-file constraint-missing-not-valid -- payments is small (one row per money movement); validating under the brief lock is the simpler, fully checked path

ALTER TABLE payments DROP CONSTRAINT payments_amount_split_check;
ALTER TABLE payments ADD CONSTRAINT payments_amount_split_check
  CHECK (platform_fee_cents::bigint + guard_payout_cents::bigint <= amount_cents);
ALTER TABLE payments ADD CONSTRAINT payments_stripe_fee_cents_amount_check
  CHECK (stripe_fee_cents <= amount_cents);

COMMENT ON COLUMN payments.platform_fee_cents IS 'Platform commission in cents (R-7: e.g. 10-15%); platform_fee_cents + guard_payout_cents <= amount_cents.';
COMMENT ON COLUMN payments.stripe_fee_cents IS 'Stripe processing fee in cents (about 2.9% + 30c), recorded beside the split: the platform''s cost, not a share of amount_cents; <= amount_cents.';

-- Down Migration
-- Fails with 23514 (payments_amount_split_check) while a row holds R-7's split with a Stripe fee on top.
ALTER TABLE payments DROP CONSTRAINT payments_stripe_fee_cents_amount_check;
ALTER TABLE payments DROP CONSTRAINT payments_amount_split_check;
ALTER TABLE payments ADD CONSTRAINT payments_amount_split_check CHECK (
  platform_fee_cents::bigint + stripe_fee_cents::bigint + guard_payout_cents::bigint <= amount_cents
);
COMMENT ON COLUMN payments.platform_fee_cents IS 'Platform commission in cents; platform_fee_cents + stripe_fee_cents + guard_payout_cents <= amount_cents.';
COMMENT ON COLUMN payments.stripe_fee_cents IS 'Stripe processing fee in cents (about 2.9% + 30c).';
