-- Extensions the schema needs: PostGIS (geography columns, GIST, KNN) and btree_gist
-- (uuid equality inside the jobs double-booking exclusion constraint).
-- gen_random_uuid() is core since PostgreSQL 13, so pgcrypto is not needed.
--
-- An extension is created only when it is missing, and is then marked by its comment;
-- Down drops only an extension that carries that mark, so a database that already had
-- PostGIS (for example one created from a postgis image, where postgis_topology depends
-- on it) keeps it after a full rollback.

-- Up Migration
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'postgis') THEN
    CREATE EXTENSION postgis;
    COMMENT ON EXTENSION postgis IS 'aegis-db: created by migration 20261122000100_extensions; PostGIS geometry and geography spatial types and functions';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'btree_gist') THEN
    CREATE EXTENSION btree_gist;
    COMMENT ON EXTENSION btree_gist IS 'aegis-db: created by migration 20261122000100_extensions; support for indexing common datatypes in GiST';
  END IF;
END
$$;

-- Down Migration
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_catalog.pg_extension e
    WHERE e.extname = 'btree_gist'
      AND pg_catalog.obj_description(e.oid, 'pg_extension') LIKE 'aegis-db: created by migration%'
  ) THEN
    DROP EXTENSION btree_gist;
  END IF;
  IF EXISTS (
    SELECT 1 FROM pg_catalog.pg_extension e
    WHERE e.extname = 'postgis'
      AND pg_catalog.obj_description(e.oid, 'pg_extension') LIKE 'aegis-db: created by migration%'
  ) THEN
    DROP EXTENSION postgis;
  END IF;
END
$$;
