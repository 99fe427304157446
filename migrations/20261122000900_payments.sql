-- payments (R-7 §2.5): Stripe charges, payouts and refunds. Money is integer cents.

-- Up Migration
-- squawk-ignore-file prefer-text-field, prefer-bigint-over-int -- R-7 fixes these column types as the contract other services import

CREATE TABLE payments (
  id uuid NOT NULL DEFAULT gen_random_uuid(),

  job_id uuid NOT NULL,
  payer_id uuid NOT NULL,
  payee_id uuid NOT NULL,

  payment_type payment_type NOT NULL,
  status payment_status NOT NULL DEFAULT 'pending',

  amount_cents integer NOT NULL,
  platform_fee_cents integer NOT NULL,
  stripe_fee_cents integer NOT NULL,
  guard_payout_cents integer NOT NULL,

  stripe_payment_intent_id varchar(255),
  stripe_charge_id varchar(255),
  stripe_payout_id varchar(255),
  stripe_transfer_id varchar(255),

  failure_code varchar(100),
  failure_message text,

  refund_amount_cents integer DEFAULT 0,
  refund_reason text,
  refunded_at timestamptz,

  metadata jsonb DEFAULT '{}',

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  succeeded_at timestamptz,
  failed_at timestamptz,

  CONSTRAINT payments_pkey PRIMARY KEY (id),
  CONSTRAINT payments_stripe_payment_intent_id_key UNIQUE (stripe_payment_intent_id),
  CONSTRAINT payments_job_id_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE RESTRICT,
  CONSTRAINT payments_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES users (id) ON DELETE RESTRICT,
  CONSTRAINT payments_payee_id_fkey FOREIGN KEY (payee_id) REFERENCES users (id) ON DELETE RESTRICT,
  CONSTRAINT payments_payer_payee_check CHECK (payer_id <> payee_id),
  CONSTRAINT payments_amount_cents_check CHECK (amount_cents >= 0),
  CONSTRAINT payments_platform_fee_cents_check CHECK (platform_fee_cents >= 0),
  CONSTRAINT payments_stripe_fee_cents_check CHECK (stripe_fee_cents >= 0),
  CONSTRAINT payments_guard_payout_cents_check CHECK (guard_payout_cents >= 0),
  CONSTRAINT payments_amount_split_check CHECK (
    platform_fee_cents::bigint + stripe_fee_cents::bigint + guard_payout_cents::bigint <= amount_cents
  ),
  CONSTRAINT payments_refund_amount_cents_check
    CHECK (refund_amount_cents >= 0 AND refund_amount_cents <= amount_cents),
  CONSTRAINT payments_metadata_check CHECK (jsonb_typeof(metadata) = 'object')
);

CREATE INDEX idx_payments_job_id ON payments (job_id);
CREATE INDEX idx_payments_payer_id ON payments (payer_id);
CREATE INDEX idx_payments_payee_id ON payments (payee_id);
CREATE INDEX idx_payments_status ON payments (status);
CREATE INDEX idx_payments_stripe_payment_intent_id ON payments (stripe_payment_intent_id);
CREATE INDEX idx_payments_created_at ON payments (created_at DESC);

CREATE TRIGGER payments_set_updated_at
  BEFORE UPDATE ON payments
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE payments IS 'Stripe money movements for jobs: charge (customer -> platform), payout (platform -> guard), refund. Financial records: never deleted by privacy requests.';
COMMENT ON COLUMN payments.payer_id IS 'The customer paying (users.id).';
COMMENT ON COLUMN payments.payee_id IS 'The guard receiving (users.id).';
COMMENT ON COLUMN payments.amount_cents IS 'Gross amount of this movement in cents (for a charge: total charged to the customer).';
COMMENT ON COLUMN payments.platform_fee_cents IS 'Platform commission in cents; platform_fee_cents + stripe_fee_cents + guard_payout_cents <= amount_cents.';
COMMENT ON COLUMN payments.stripe_fee_cents IS 'Stripe processing fee in cents (about 2.9% + 30c).';
COMMENT ON COLUMN payments.guard_payout_cents IS 'Net amount the guard receives, in cents.';
COMMENT ON COLUMN payments.stripe_payment_intent_id IS '@sensitive payment identifier: Stripe PaymentIntent id (unique); used by Stripe webhooks.';
COMMENT ON COLUMN payments.stripe_charge_id IS '@sensitive payment identifier: Stripe Charge id, recorded on success.';
COMMENT ON COLUMN payments.stripe_payout_id IS '@sensitive payment identifier: Stripe Payout id, NULL until paid out to the guard.';
COMMENT ON COLUMN payments.stripe_transfer_id IS '@sensitive payment identifier: Stripe Transfer id to the guard''s Connect account.';
COMMENT ON COLUMN payments.failure_code IS 'Stripe error code of a failed payment.';
COMMENT ON COLUMN payments.refund_amount_cents IS 'Amount refunded so far in cents, 0 to amount_cents.';
COMMENT ON COLUMN payments.metadata IS 'Flexible additional attributes; always a JSON object.';

-- Down Migration
DROP TABLE payments;
