-- location_history ids become time-ordered (UUID version 7 layout, RFC 9562): the first 48 bits are the
-- insertion time in milliseconds, so each partition's primary key (id, recorded_at) is appended at its
-- right edge instead of scattered over the whole index, and a new id no longer costs a call to the
-- operating system's random source (gen_random_uuid is the single most expensive default of an insert).
-- gen_uuid_v7() is defined here because PostgreSQL 15 has no uuidv7() (PostgreSQL 18 does).

-- Up Migration

CREATE FUNCTION gen_uuid_v7() RETURNS uuid
LANGUAGE sql
VOLATILE
PARALLEL SAFE
AS $$
  SELECT (lpad(to_hex((floor(date_part('epoch', clock_timestamp()) * 1000)::bigint << 16) | 28672 | (random() * 4095)::int), 16, '0')
       || to_hex((((random() * 2147483647)::bigint << 31) | (random() * 2147483647)::bigint) - 9223372036854775807 - 1))::uuid
$$;
COMMENT ON FUNCTION gen_uuid_v7() IS 'A UUID in the version 7 layout (RFC 9562): 48 bits of Unix time in milliseconds (clock_timestamp), version 7, variant 10, then 74 bits from random(). Ids sort by creation time to the millisecond. The random bits come from the session''s pseudo-random generator, not a cryptographic source: an id is an identifier, never a secret.';

ALTER TABLE location_history ALTER COLUMN id SET DEFAULT gen_uuid_v7();
COMMENT ON COLUMN location_history.id IS 'Time-ordered UUID (gen_uuid_v7(): creation time first, then random bits); the primary key is (id, recorded_at) because a partitioned table''s keys must include the partition key.';

-- Down Migration
COMMENT ON COLUMN location_history.id IS 'Random UUID; the primary key is (id, recorded_at) because a partitioned table''s keys must include the partition key.';
ALTER TABLE location_history ALTER COLUMN id SET DEFAULT gen_random_uuid();
DROP FUNCTION gen_uuid_v7();
