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

-- Overview's writes-per-day chart at millions of rows: entries created per (namespace, day), kept by
-- statement-level triggers as recall.namespace_stats is (0010), so the chart reads at most
-- namespaces × 30 rows instead of range-scanning every entry of the month. Keyed by namespace too,
-- so concurrent writers queue on their namespace's row, as they already do for namespace_stats,
-- instead of every writer on one row for today. created_at is a timestamp without time zone; its
-- date is the day. An update that moves no entry between (namespace, day) touches nothing.
CREATE TABLE recall.memory_daily_writes (
    namespace VARCHAR(255) NOT NULL,
    day DATE NOT NULL,
    created BIGINT NOT NULL,
    PRIMARY KEY (namespace, day)
);
CREATE INDEX memory_daily_writes_day ON recall.memory_daily_writes (day);

CREATE FUNCTION recall.memory_daily_writes_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM recall.memory_daily_writes;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO recall.memory_daily_writes AS w (namespace, day, created)
        SELECT namespace, created_at::date, count(*) FROM new_rows WHERE created_at IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (namespace, day) DO UPDATE SET created = w.created + EXCLUDED.created;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO recall.memory_daily_writes AS w (namespace, day, created)
        SELECT namespace, day, sum(n) FROM (
            SELECT namespace, created_at::date AS day, -1 AS n FROM old_rows WHERE created_at IS NOT NULL
            UNION ALL
            SELECT namespace, created_at::date, 1 FROM new_rows WHERE created_at IS NOT NULL) d
        GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
        ON CONFLICT (namespace, day) DO UPDATE SET created = w.created + EXCLUDED.created;
    ELSE
        INSERT INTO recall.memory_daily_writes AS w (namespace, day, created)
        SELECT namespace, created_at::date, -count(*) FROM old_rows WHERE created_at IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (namespace, day) DO UPDATE SET created = w.created + EXCLUDED.created;
    END IF;
    DELETE FROM recall.memory_daily_writes w USING (SELECT DISTINCT namespace, created_at::date AS day FROM old_rows) o
    WHERE w.namespace = o.namespace AND w.day = o.day AND w.created = 0;
    RETURN NULL;
END $$;

LOCK TABLE memory_entries IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER memory_entries_daily_insert AFTER INSERT ON memory_entries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.memory_daily_writes_apply();
CREATE TRIGGER memory_entries_daily_update AFTER UPDATE ON memory_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.memory_daily_writes_apply();
CREATE TRIGGER memory_entries_daily_delete AFTER DELETE ON memory_entries
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.memory_daily_writes_apply();
CREATE TRIGGER memory_entries_daily_truncate AFTER TRUNCATE ON memory_entries
    FOR EACH STATEMENT EXECUTE FUNCTION recall.memory_daily_writes_apply();

INSERT INTO recall.memory_daily_writes (namespace, day, created)
SELECT namespace, created_at::date, count(*) FROM memory_entries WHERE created_at IS NOT NULL GROUP BY 1, 2;
