-- GPS time: location_history_recorded_at_check refuses a recorded_at before 2000-01-01 UTC (no device of
-- this service ran then; it also catches -infinity and clocks reset to the epoch) or more than one day after
-- the writing transaction's now() (a device clock far ahead, 'infinity'). Such rows used to land in
-- location_history_default, where retention never looked.
--
-- The bound uses now(), which PostgreSQL allows in a CHECK but does not re-evaluate later: it holds because
-- the rule is monotone in time. A row accepted once stays valid forever (now() only grows), so a later
-- VALIDATE, a dump restored tomorrow, or ensure_partitions moving a row out of the default partition can
-- never fail on a row that was accepted. The planner ignores a CHECK with a non-immutable function when
-- excluding partitions, so it changes no plan.
--
-- Added NOT VALID (rows written from now on are checked; no scan under an exclusive lock); 20261201002300
-- validates it once retention has removed impossible rows.

-- Up Migration

ALTER TABLE location_history ADD CONSTRAINT location_history_recorded_at_check
  CHECK (recorded_at >= '2000-01-01 00:00:00+00'::timestamptz AND recorded_at <= now() + interval '1 day') NOT VALID;

-- Down Migration
ALTER TABLE location_history DROP CONSTRAINT location_history_recorded_at_check;
