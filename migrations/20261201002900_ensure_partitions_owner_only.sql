-- Partition maintenance belongs to the owner. aegis_app could call location_history_ensure_partitions with
-- any range (up to 367 days per call, any number of calls): a thousand partitions slow the planning of every
-- location query. EXECUTE is revoked from aegis_app; the retention command (run daily by the
-- migration/maintenance login) and the dev server keep partitions 7 days ahead. A call by aegis_app fails
-- with 42501; a row whose day has no partition still lands in location_history_default.

-- Up Migration

REVOKE EXECUTE ON FUNCTION location_history_ensure_partitions(date, date) FROM aegis_app;
COMMENT ON FUNCTION location_history_ensure_partitions(date, date) IS 'Creates the missing daily partitions location_history_pYYYYMMDD for every UTC day from from_date through to_date (default: 31 days ago through 7 days ahead), moving any rows of those days out of location_history_default. Returns the names created. Idempotent; executable by the owner only (retention runs it).';

-- Down Migration
GRANT EXECUTE ON FUNCTION location_history_ensure_partitions(date, date) TO aegis_app;
COMMENT ON FUNCTION location_history_ensure_partitions(date, date) IS 'Creates the missing daily partitions location_history_pYYYYMMDD for every UTC day from from_date through to_date (default: 31 days ago through 7 days ahead), moving any rows of those days out of location_history_default. Returns the names created. Idempotent; SECURITY DEFINER so the application role may keep partitions ahead.';
