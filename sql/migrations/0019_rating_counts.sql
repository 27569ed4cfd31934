-- The Feedback page's rating charts and breakdowns at millions of ratings: counts of each rating kept by
-- triggers, so the page sums a few thousand rows instead of aggregating (and joining) every piece of
-- feedback on each load. Two small tables that do not grow with the feedback:
--   rating_days: per day and rating, for the distribution and the chart over time;
--   rating_keys: per generation template, provider and model, and rating, for the breakdowns.
-- Only rated feedback counts (a comment without a rating has nothing to average).
CREATE TABLE recall.rating_days (
    day DATE,
    rating INTEGER NOT NULL,
    n BIGINT NOT NULL,
    CONSTRAINT rating_days_key UNIQUE NULLS NOT DISTINCT (day, rating)
);
CREATE TABLE recall.rating_keys (
    template_id VARCHAR,
    provider VARCHAR,
    model VARCHAR,
    rating INTEGER NOT NULL,
    n BIGINT NOT NULL,
    CONSTRAINT rating_keys_key UNIQUE NULLS NOT DISTINCT (template_id, provider, model, rating)
);
-- Writers only append their changes here (no row is shared, so reviewers on several instances never
-- queue on today's counts and a generation delete never deadlocks with a rating); readers add them to
-- the totals above, and recall.compact_rating_counts() folds them in every minute.
CREATE TABLE recall.rating_day_changes (day DATE, rating INTEGER NOT NULL, n BIGINT NOT NULL);
CREATE TABLE recall.rating_key_changes (template_id VARCHAR, provider VARCHAR, model VARCHAR, rating INTEGER NOT NULL, n BIGINT NOT NULL);

-- Feedback's own writes. Every rated row counts in rating_days. In rating_keys, a feedback row whose
-- generation is gone was deleted by the generation's cascade: the generation's BEFORE DELETE trigger
-- below has already taken it off, with the template, provider and model this trigger can no longer see.
-- Each branch names only the transition tables its event has.
CREATE FUNCTION recall.rating_counts_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        -- After a compaction in flight, not beside it.
        PERFORM pg_advisory_xact_lock(727002);
        DELETE FROM recall.rating_days;
        DELETE FROM recall.rating_keys;
        DELETE FROM recall.rating_day_changes;
        DELETE FROM recall.rating_key_changes;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO recall.rating_day_changes (day, rating, n)
        SELECT f.created_at::date, f.rating, count(*) FROM new_rows f WHERE f.rating IS NOT NULL
        GROUP BY 1, 2;
        INSERT INTO recall.rating_key_changes (template_id, provider, model, rating, n)
        SELECT g.template_id, g.provider, g.model, f.rating, count(*)
        FROM new_rows f JOIN generations g ON g.id = f.generation_id WHERE f.rating IS NOT NULL
        GROUP BY 1, 2, 3, 4;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO recall.rating_day_changes (day, rating, n)
        SELECT f.created_at::date, f.rating, -count(*) FROM old_rows f WHERE f.rating IS NOT NULL
        GROUP BY 1, 2;
        INSERT INTO recall.rating_key_changes (template_id, provider, model, rating, n)
        SELECT g.template_id, g.provider, g.model, f.rating, -count(*)
        FROM old_rows f JOIN generations g ON g.id = f.generation_id WHERE f.rating IS NOT NULL
        GROUP BY 1, 2, 3, 4;
    ELSE
        -- An edit of a comment alone nets to nothing and writes nothing.
        INSERT INTO recall.rating_day_changes (day, rating, n)
        SELECT day, rating, sum(delta) FROM (
            SELECT f.created_at::date AS day, f.rating, 1 AS delta FROM new_rows f WHERE f.rating IS NOT NULL
            UNION ALL
            SELECT f.created_at::date, f.rating, -1 FROM old_rows f WHERE f.rating IS NOT NULL) d
        GROUP BY 1, 2 HAVING sum(delta) <> 0;
        INSERT INTO recall.rating_key_changes (template_id, provider, model, rating, n)
        SELECT template_id, provider, model, rating, sum(delta) FROM (
            SELECT g.template_id, g.provider, g.model, f.rating, 1 AS delta
            FROM new_rows f JOIN generations g ON g.id = f.generation_id WHERE f.rating IS NOT NULL
            UNION ALL
            SELECT g.template_id, g.provider, g.model, f.rating, -1
            FROM old_rows f JOIN generations g ON g.id = f.generation_id WHERE f.rating IS NOT NULL) d
        GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0;
    END IF;
    RETURN NULL;
END $$;

-- A generation's template, provider or model changing (a deleted template sets template_id to NULL)
-- moves its ratings to the new key; deleting the generation takes them off before the cascade
-- removes its feedback. One generation's feedback, read through idx_feedback_generation.
CREATE FUNCTION recall.rating_counts_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recall.rating_key_changes (template_id, provider, model, rating, n)
    SELECT k.template_id, k.provider, k.model, r.rating, sum(r.n * k.sign)
    FROM (SELECT f.rating, count(*) AS n FROM feedback f WHERE f.generation_id = OLD.id AND f.rating IS NOT NULL GROUP BY 1) r
    CROSS JOIN (SELECT OLD.template_id, OLD.provider, OLD.model, -1 AS sign
                UNION ALL
                SELECT NEW.template_id, NEW.provider, NEW.model, 1 WHERE TG_OP = 'UPDATE') k
    GROUP BY 1, 2, 3, 4;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

-- Folds the changes into the totals and drops counts that reached zero; one instance at a time (the
-- others skip), and a change appended meanwhile waits for the next round. Returns the changes folded.
CREATE FUNCTION recall.compact_rating_counts() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    days BIGINT;
    keys BIGINT;
BEGIN
    IF NOT pg_try_advisory_xact_lock(727002) THEN
        RETURN 0;
    END IF;
    WITH moved AS (DELETE FROM recall.rating_day_changes RETURNING day, rating, n),
         folded AS (
             INSERT INTO recall.rating_days AS c (day, rating, n)
             SELECT day, rating, sum(n) FROM moved GROUP BY 1, 2
             ON CONFLICT ON CONSTRAINT rating_days_key DO UPDATE SET n = c.n + EXCLUDED.n)
    SELECT count(*) INTO days FROM moved;
    WITH moved AS (DELETE FROM recall.rating_key_changes RETURNING template_id, provider, model, rating, n),
         folded AS (
             INSERT INTO recall.rating_keys AS c (template_id, provider, model, rating, n)
             SELECT template_id, provider, model, rating, sum(n) FROM moved GROUP BY 1, 2, 3, 4
             ON CONFLICT ON CONSTRAINT rating_keys_key DO UPDATE SET n = c.n + EXCLUDED.n)
    SELECT count(*) INTO keys FROM moved;
    DELETE FROM recall.rating_days WHERE n = 0;
    DELETE FROM recall.rating_keys WHERE n = 0;
    RETURN days + keys;
END $$;

-- No write may slip between the triggers' creation and the backfill.
LOCK TABLE generations, feedback IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER feedback_rating_counts_insert AFTER INSERT ON feedback
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.rating_counts_feedback();
CREATE TRIGGER feedback_rating_counts_update AFTER UPDATE ON feedback
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.rating_counts_feedback();
CREATE TRIGGER feedback_rating_counts_delete AFTER DELETE ON feedback
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.rating_counts_feedback();
CREATE TRIGGER feedback_rating_counts_truncate AFTER TRUNCATE ON feedback
    FOR EACH STATEMENT EXECUTE FUNCTION recall.rating_counts_feedback();
CREATE TRIGGER generations_rating_counts_update AFTER UPDATE OF template_id, provider, model ON generations
    FOR EACH ROW WHEN (OLD.template_id IS DISTINCT FROM NEW.template_id OR OLD.provider IS DISTINCT FROM NEW.provider
                       OR OLD.model IS DISTINCT FROM NEW.model)
    EXECUTE FUNCTION recall.rating_counts_generation();
CREATE TRIGGER generations_rating_counts_delete BEFORE DELETE ON generations
    FOR EACH ROW EXECUTE FUNCTION recall.rating_counts_generation();

INSERT INTO recall.rating_days (day, rating, n)
SELECT created_at::date, rating, count(*) FROM feedback WHERE rating IS NOT NULL GROUP BY 1, 2;
INSERT INTO recall.rating_keys (template_id, provider, model, rating, n)
SELECT g.template_id, g.provider, g.model, f.rating, count(*)
FROM feedback f JOIN generations g ON g.id = f.generation_id WHERE f.rating IS NOT NULL GROUP BY 1, 2, 3, 4;
