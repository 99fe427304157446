-- R-7 §2.4's original location_history, verbatim but for the index names (the partitioned table owns
-- R-7's): unpartitioned, uuid primary key, timestamp without time zone, and its five indexes.
CREATE TABLE location_history_r7 (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  guard_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id UUID REFERENCES jobs(id) ON DELETE CASCADE,
  location GEOGRAPHY(Point, 4326) NOT NULL,
  accuracy_meters DECIMAL(6,2),
  altitude_meters DECIMAL(8,2),
  speed_mps DECIMAL(5,2),
  heading_degrees DECIMAL(5,2),
  device_type VARCHAR(50),
  app_version VARCHAR(20),
  recorded_at TIMESTAMP NOT NULL DEFAULT NOW(),
  uploaded_at TIMESTAMP NOT NULL DEFAULT NOW(),
  is_offline_upload BOOLEAN DEFAULT FALSE,
  created_at TIMESTAMP NOT NULL DEFAULT NOW()
);
CREATE INDEX r7_location_history_guard_id ON location_history_r7(guard_id);
CREATE INDEX r7_location_history_job_id ON location_history_r7(job_id);
CREATE INDEX r7_location_history_recorded_at ON location_history_r7(recorded_at DESC);
CREATE INDEX r7_location_history_location ON location_history_r7 USING GIST(location);
CREATE INDEX r7_location_history_guard_job ON location_history_r7(guard_id, job_id, recorded_at DESC);
