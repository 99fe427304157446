-- Least privilege (DESIGN "Data model" 7): two NOLOGIN group roles that login roles are granted to.
--   aegis_app       DML (SELECT, INSERT, UPDATE, DELETE) on the application tables, SELECT on the
--                   job_status_history audit table (written by a SECURITY DEFINER trigger), USAGE on
--                   sequences, EXECUTE on location_history_ensure_partitions. No TRUNCATE, no DDL.
--   aegis_readonly  SELECT on the application tables.
-- Roles are cluster-wide: Up creates them only if missing (safe when several databases on one
-- server run these migrations) and marks the ones it created with a comment. Down revokes this
-- database's privileges and drops a role only when it carries that mark and nothing else in the
-- cluster still refers to it (grants in another database, owned objects, role memberships).

-- Up Migration
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'aegis_app') THEN
    BEGIN
      CREATE ROLE aegis_app NOLOGIN;
      COMMENT ON ROLE aegis_app IS 'aegis-db: application role, DML on application tables only. Grant it to the login role of each service.';
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created concurrently by a migration of another database
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'aegis_readonly') THEN
    BEGIN
      CREATE ROLE aegis_readonly NOLOGIN;
      COMMENT ON ROLE aegis_readonly IS 'aegis-db: read-only role, SELECT on application tables. Grant it to reporting and support logins.';
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created concurrently by a migration of another database
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO aegis_app, aegis_readonly;

GRANT SELECT, INSERT, UPDATE, DELETE
  ON users, guard_profiles, jobs, location_history, payments, sessions
  TO aegis_app;
GRANT SELECT ON job_status_history TO aegis_app;
GRANT USAGE ON SEQUENCE job_status_history_id_seq TO aegis_app;
GRANT EXECUTE ON FUNCTION location_history_ensure_partitions(date, date) TO aegis_app;

GRANT SELECT
  ON users, guard_profiles, jobs, job_status_history, location_history, payments, sessions
  TO aegis_readonly;

-- Existing partitions get what the parent has, as future ones will through default privileges
-- (DML through location_history checks only the parent's privileges; these cover direct access).
DO $$
DECLARE
  part regclass;
BEGIN
  FOR part IN
    SELECT i.inhrelid::regclass FROM pg_catalog.pg_inherits i
    WHERE i.inhparent = 'public.location_history'::regclass
  LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO aegis_app', part);
    EXECUTE format('GRANT SELECT ON %s TO aegis_readonly', part);
  END LOOP;
END
$$;

-- Tables and sequences the migration owner creates later in public (including partitions made by
-- location_history_ensure_partitions, which runs as the owner) get the same privileges.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO aegis_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO aegis_readonly;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO aegis_app;

-- Down Migration
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE ON SEQUENCES FROM aegis_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM aegis_readonly;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM aegis_app;

DO $$
DECLARE
  part regclass;
BEGIN
  FOR part IN
    SELECT i.inhrelid::regclass FROM pg_catalog.pg_inherits i
    WHERE i.inhparent = 'public.location_history'::regclass
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM aegis_app, aegis_readonly', part);
  END LOOP;
END
$$;

REVOKE ALL
  ON users, guard_profiles, jobs, job_status_history, location_history, payments, sessions
  FROM aegis_app, aegis_readonly;
REVOKE ALL ON SEQUENCE job_status_history_id_seq FROM aegis_app;
REVOKE ALL ON FUNCTION location_history_ensure_partitions(date, date) FROM aegis_app;
REVOKE ALL ON SCHEMA public FROM aegis_app, aegis_readonly;

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT a.oid, a.rolname FROM pg_catalog.pg_roles a
    WHERE a.rolname IN ('aegis_readonly', 'aegis_app')
      AND pg_catalog.shobj_description(a.oid, 'pg_authid') LIKE 'aegis-db:%'
  LOOP
    IF NOT EXISTS (
         SELECT 1 FROM pg_catalog.pg_shdepend d
         WHERE d.refclassid = 'pg_catalog.pg_authid'::regclass AND d.refobjid = r.oid)
       AND NOT EXISTS (
         SELECT 1 FROM pg_catalog.pg_auth_members m
         WHERE m.member = r.oid
            OR (m.roleid = r.oid AND m.member <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)))
    THEN
      EXECUTE format('DROP ROLE %I', r.rolname);
    END IF;
  END LOOP;
END
$$;
