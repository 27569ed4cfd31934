-- Reads that stay index-backed at millions of rows (issue 12).

-- Namespace entry pages: WHERE namespace = $1 ORDER BY created_at DESC NULLS LAST, id DESC (newest),
-- and the same index read backwards for oldest first. Covers the page's id picking (index-only).
CREATE INDEX idx_memory_ns_created ON memory_entries (namespace, created_at DESC NULLS LAST, id DESC);

-- Per-namespace counts, maintained by statement-level triggers so the namespace list never scans
-- memory_entries. Deltas are applied with an upsert on the namespace row: concurrent writers to one
-- namespace queue on that row until they commit, which keeps the counts exact.
CREATE TABLE recall.namespace_stats (
    namespace VARCHAR(255) PRIMARY KEY,
    entries BIGINT NOT NULL DEFAULT 0,
    with_embedding BIGINT NOT NULL DEFAULT 0,
    -- The newest updated_at written into the namespace (a delete does not move it back).
    last_updated TIMESTAMP
);

CREATE FUNCTION recall.namespace_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM recall.namespace_stats;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO recall.namespace_stats AS s (namespace, entries, with_embedding, last_updated)
        SELECT namespace, count(*), count(embedding), max(updated_at) FROM new_rows GROUP BY namespace ORDER BY namespace
        ON CONFLICT (namespace) DO UPDATE SET entries = s.entries + EXCLUDED.entries,
            with_embedding = s.with_embedding + EXCLUDED.with_embedding,
            last_updated = GREATEST(s.last_updated, EXCLUDED.last_updated);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO recall.namespace_stats AS s (namespace, entries, with_embedding, last_updated)
        SELECT namespace, sum(n), sum(e), max(u) FROM (
            SELECT namespace, 1 AS n, (embedding IS NOT NULL)::int AS e, updated_at AS u FROM new_rows
            UNION ALL
            SELECT namespace, -1, -(embedding IS NOT NULL)::int, NULL FROM old_rows) d
        GROUP BY namespace ORDER BY namespace
        ON CONFLICT (namespace) DO UPDATE SET entries = s.entries + EXCLUDED.entries,
            with_embedding = s.with_embedding + EXCLUDED.with_embedding,
            last_updated = GREATEST(s.last_updated, EXCLUDED.last_updated);
    ELSE
        INSERT INTO recall.namespace_stats AS s (namespace, entries, with_embedding)
        SELECT namespace, -count(*), -count(embedding) FROM old_rows GROUP BY namespace ORDER BY namespace
        ON CONFLICT (namespace) DO UPDATE SET entries = s.entries + EXCLUDED.entries,
            with_embedding = s.with_embedding + EXCLUDED.with_embedding;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM recall.namespace_stats WHERE entries = 0 AND namespace IN (SELECT namespace FROM old_rows);
    END IF;
    RETURN NULL;
END $$;

-- No write may slip between the triggers' creation and the backfill.
LOCK TABLE memory_entries IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER memory_entries_stats_insert AFTER INSERT ON memory_entries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.namespace_stats_apply();
CREATE TRIGGER memory_entries_stats_update AFTER UPDATE ON memory_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.namespace_stats_apply();
CREATE TRIGGER memory_entries_stats_delete AFTER DELETE ON memory_entries
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.namespace_stats_apply();
CREATE TRIGGER memory_entries_stats_truncate AFTER TRUNCATE ON memory_entries
    FOR EACH STATEMENT EXECUTE FUNCTION recall.namespace_stats_apply();

INSERT INTO recall.namespace_stats (namespace, entries, with_embedding, last_updated)
SELECT namespace, count(*), count(embedding), max(updated_at) FROM memory_entries GROUP BY namespace;
