-- "Embed all missing" runs as a job row, so any console instance sees its progress and can cancel it.
-- At most one runs per collection; a worker keeps heartbeat_at fresh, and a job whose heartbeat is
-- stale lost its worker: whoever looks marks it failed, and starting again resumes (rows still
-- without a vector are the work left).
CREATE TABLE recall.embed_jobs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    collection VARCHAR(400) NOT NULL,
    created_by UUID REFERENCES recall.users(id) ON DELETE SET NULL,
    model VARCHAR(300) NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
    total_rows INTEGER NOT NULL DEFAULT 0,
    processed_rows INTEGER NOT NULL DEFAULT 0,
    skipped_rows INTEGER NOT NULL DEFAULT 0,
    message TEXT,
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    finished_at TIMESTAMPTZ,
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE UNIQUE INDEX embed_jobs_one_running ON recall.embed_jobs (collection) WHERE status = 'running';
CREATE INDEX embed_jobs_collection ON recall.embed_jobs (collection, started_at DESC);

-- The Agents page charts read a window of events by time, whatever their type.
CREATE INDEX idx_events_timestamp ON events ("timestamp");
CREATE INDEX idx_metrics_timestamp ON metrics ("timestamp");
