-- ef_search tuned per collection (issue 12), and the index the "updated" sort of a namespace page needs.

-- A collection's search settings; a collection without a row searches at the server's ef_search.
-- Keyed by the collection id (schema.table.column) as the catalogue names it.
CREATE TABLE recall.collection_settings (
    collection VARCHAR(400) PRIMARY KEY,
    ef_search INTEGER NOT NULL CHECK (ef_search BETWEEN 1 AND 1000),
    -- What the tune run that chose it aimed for and measured.
    target_recall DOUBLE PRECISION NOT NULL CHECK (target_recall BETWEEN 0.5 AND 1),
    measured_recall DOUBLE PRECISION NOT NULL,
    tuned_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    tuned_by UUID REFERENCES recall.users(id) ON DELETE SET NULL,
    tune_job_id UUID
);

-- Tune runs: run by one console instance, read by any (the curve grows as each ef_search is measured).
CREATE TABLE recall.tune_jobs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    collection VARCHAR(400) NOT NULL,
    created_by UUID REFERENCES recall.users(id) ON DELETE SET NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    target_recall DOUBLE PRECISION NOT NULL CHECK (target_recall BETWEEN 0.5 AND 1),
    k INTEGER NOT NULL CHECK (k BETWEEN 1 AND 100),
    queries INTEGER NOT NULL CHECK (queries BETWEEN 1 AND 1000),
    steps_done INTEGER NOT NULL DEFAULT 0,
    steps_total INTEGER NOT NULL DEFAULT 0,
    -- One point per ef_search measured: {ef, recall, recallSampled, recallHeldOut, p50Ms, p95Ms}.
    curve JSONB NOT NULL DEFAULT '[]'::jsonb,
    chosen_ef_search INTEGER,
    message TEXT,
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    finished_at TIMESTAMPTZ,
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX tune_jobs_collection ON recall.tune_jobs (collection, started_at DESC);
-- One run at a time per collection, whichever console instance starts it.
CREATE UNIQUE INDEX tune_jobs_one_running ON recall.tune_jobs (collection) WHERE status = 'running';

-- Namespace pages sorted by "updated": the page's ids come from this index (as "newest" uses
-- idx_memory_ns_created) instead of sorting the whole namespace.
CREATE INDEX idx_memory_ns_updated ON memory_entries (namespace, updated_at DESC NULLS LAST, id DESC);
