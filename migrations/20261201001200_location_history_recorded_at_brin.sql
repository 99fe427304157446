-- idx_location_history_recorded_at becomes a BRIN index (same name, for the runbooks that cite it).
-- Inside a daily partition, rows arrive in recorded_at order (late offline uploads excepted), so one
-- summary per 128 pages (min/max recorded_at) locates any time range; it costs almost nothing per insert
-- and a few kilobytes per partition, where the B-tree cost an index entry per point. Retention no longer
-- needs an ordered scan: it drops whole partitions, and the one partition straddling the cutoff is
-- searched through this index. autosummarize lets autovacuum summarize each range as it fills.

-- Up Migration
-- squawk-ignore-file require-concurrent-index-deletion, require-concurrent-index-creation -- indexes of a partitioned table cannot be created or dropped CONCURRENTLY; a BRIN build reads each partition once

DROP INDEX idx_location_history_recorded_at;
CREATE INDEX idx_location_history_recorded_at ON location_history USING brin (recorded_at) WITH (autosummarize = on);

-- Down Migration
DROP INDEX idx_location_history_recorded_at;
CREATE INDEX idx_location_history_recorded_at ON location_history (recorded_at DESC);
