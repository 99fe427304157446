-- Review ratings on jobs, as R-7 §10.1 adds them (customer_rating, customer_review,
-- guard_rating, guard_review, rated_at), with its 1-5 rating CHECKs.

-- Up Migration
-- squawk-ignore-file prefer-bigint-over-int -- R-7 §10.1 fixes the rating columns as integer
-- squawk-ignore-file constraint-missing-not-valid -- the constrained columns are added by this same migration and are all NULL, so validation has nothing to check

ALTER TABLE jobs
  ADD COLUMN customer_rating integer,
  ADD COLUMN customer_review text,
  ADD COLUMN guard_rating integer,
  ADD COLUMN guard_review text,
  ADD COLUMN rated_at timestamptz;

ALTER TABLE jobs
  ADD CONSTRAINT jobs_customer_rating_check CHECK (customer_rating BETWEEN 1 AND 5),
  ADD CONSTRAINT jobs_guard_rating_check CHECK (guard_rating BETWEEN 1 AND 5),
  ADD CONSTRAINT jobs_rating_status_check
    CHECK ((customer_rating IS NULL AND guard_rating IS NULL) OR status IN ('completed', 'paid'));

COMMENT ON COLUMN jobs.customer_rating IS 'Customer-side rating (R-7 §10.1), 1 to 5; only on completed or paid jobs.';
COMMENT ON COLUMN jobs.customer_review IS 'Customer-side free-text review.';
COMMENT ON COLUMN jobs.guard_rating IS 'Guard-side rating (R-7 §10.1), 1 to 5; only on completed or paid jobs.';
COMMENT ON COLUMN jobs.guard_review IS 'Guard-side free-text review.';
COMMENT ON COLUMN jobs.rated_at IS 'When the latest rating was given.';

-- Down Migration
ALTER TABLE jobs
  DROP CONSTRAINT jobs_rating_status_check,
  DROP CONSTRAINT jobs_guard_rating_check,
  DROP CONSTRAINT jobs_customer_rating_check,
  DROP COLUMN rated_at,
  DROP COLUMN guard_review,
  DROP COLUMN guard_rating,
  DROP COLUMN customer_review,
  DROP COLUMN customer_rating;
