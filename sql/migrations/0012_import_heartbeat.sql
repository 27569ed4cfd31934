-- A running import's worker touches heartbeat_at every few seconds; a job whose heartbeat is stale
-- (its console stopped, or lost the database and never got back) is marked failed by whoever looks.
ALTER TABLE recall.import_jobs ADD COLUMN heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT NOW();
CREATE INDEX import_jobs_unfinished ON recall.import_jobs (heartbeat_at) WHERE status IN ('validating', 'running');
