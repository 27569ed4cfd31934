-- Ratings and generation costs at millions of rows: counts kept by triggers on feedback and generations,
-- so the Feedback page and the Costs page sum a few hundred rows instead of aggregating (and joining)
-- every generation and piece of feedback on each load.
--   rating_days      per day and rating: the distribution and the average over time;
--   rating_keys      per template, provider, model and rating: the breakdowns;
--   generation_days  per creation day: generations, their cost, and how many average 4★ or more
--                    (the Costs page's cost per well-rated generation);
--   generation_ratings  each rated generation's count and sum of ratings, which says when one becomes
--                    (or stops being) well rated. Writers add to it with an upsert, which waits for another
--                    writer's change to the same generation and adds to its result.
-- Writers only append to the *_changes tables (no row is shared, so reviewers on several instances never
-- queue on today's counts); readers add the changes to the totals; recall.compact_rating_counts() folds
-- them in, once a minute from each instance (lib/feedback/rating-counts.ts). Only rated feedback counts.
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
CREATE TABLE recall.generation_days (
    day DATE,
    generations BIGINT NOT NULL,
    cost FLOAT8 NOT NULL,
    good BIGINT NOT NULL,
    CONSTRAINT generation_days_key UNIQUE NULLS NOT DISTINCT (day)
);
CREATE TABLE recall.rating_day_changes (day DATE, rating INTEGER NOT NULL, n BIGINT NOT NULL);
CREATE TABLE recall.rating_key_changes (template_id VARCHAR, provider VARCHAR, model VARCHAR, rating INTEGER NOT NULL, n BIGINT NOT NULL);
CREATE TABLE recall.generation_day_changes (day DATE, generations BIGINT NOT NULL, cost FLOAT8 NOT NULL, good BIGINT NOT NULL);
CREATE TABLE recall.generation_ratings (
    generation_id VARCHAR PRIMARY KEY,
    n BIGINT NOT NULL,
    total BIGINT NOT NULL
);
-- A generation being deleted: its feedback's cascade can no longer see it in generations, and counts
-- that feedback off with what is kept here. Once the delete has committed nothing needs the row (no
-- feedback can name a deleted generation), and the next compaction removes it.
CREATE TABLE recall.deleted_generations (
    generation_id VARCHAR PRIMARY KEY,
    template_id VARCHAR,
    provider VARCHAR,
    model VARCHAR,
    created_at TIMESTAMP
);

-- Well rated: an average of 4 or more over at least one rating.
CREATE FUNCTION recall.well_rated(n BIGINT, total BIGINT) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN n > 0 AND total >= 4 * n THEN 1 ELSE 0 END $$;

-- Feedback rows added (sign 1) or removed (sign -1), as parallel arrays: counted per day and rating, per
-- key of their generation (as it is, or as it was when its delete cascades to them), and into their
-- generation's ratings, appending any change in well-rated generations to its creation day.
CREATE FUNCTION recall.count_feedback(ids VARCHAR[], days DATE[], ratings INTEGER[], signs INTEGER[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recall.rating_day_changes (day, rating, n)
    SELECT x.day, x.rating, sum(x.sign) FROM unnest(days, ratings, signs) AS x(day, rating, sign)
    GROUP BY 1, 2 HAVING sum(x.sign) <> 0;

    INSERT INTO recall.rating_key_changes (template_id, provider, model, rating, n)
    SELECT CASE WHEN g.id IS NOT NULL THEN g.template_id ELSE d.template_id END,
           CASE WHEN g.id IS NOT NULL THEN g.provider ELSE d.provider END,
           CASE WHEN g.id IS NOT NULL THEN g.model ELSE d.model END,
           x.rating, sum(x.sign)
    FROM unnest(ids, ratings, signs) AS x(generation_id, rating, sign)
    LEFT JOIN generations g ON g.id = x.generation_id
    LEFT JOIN recall.deleted_generations d ON d.generation_id = x.generation_id
    WHERE g.id IS NOT NULL OR d.generation_id IS NOT NULL
    GROUP BY 1, 2, 3, 4 HAVING sum(x.sign) <> 0;

    -- The values before are the values after less the change: a concurrent writer's rating of the same
    -- generation, committed while this upsert waited for its row, is counted once.
    WITH c AS (
        SELECT x.generation_id, sum(x.sign)::bigint AS dn, sum(x.sign * x.rating)::bigint AS dt,
               CASE WHEN g.id IS NOT NULL THEN g.created_at ELSE d.created_at END AS created_at
        FROM unnest(ids, ratings, signs) AS x(generation_id, rating, sign)
        LEFT JOIN generations g ON g.id = x.generation_id
        LEFT JOIN recall.deleted_generations d ON d.generation_id = x.generation_id
        WHERE g.id IS NOT NULL OR d.generation_id IS NOT NULL
        GROUP BY 1, 4 HAVING sum(x.sign) <> 0 OR sum(x.sign * x.rating) <> 0),
    up AS (
        INSERT INTO recall.generation_ratings AS r (generation_id, n, total)
        SELECT generation_id, dn, dt FROM c ORDER BY 1
        ON CONFLICT (generation_id) DO UPDATE SET n = r.n + EXCLUDED.n, total = r.total + EXCLUDED.total
        RETURNING r.generation_id, r.n, r.total)
    INSERT INTO recall.generation_day_changes (day, generations, cost, good)
    SELECT c.created_at::date, 0, 0, sum(recall.well_rated(up.n, up.total) - recall.well_rated(up.n - c.dn, up.total - c.dt))
    FROM up JOIN c USING (generation_id)
    GROUP BY 1 HAVING sum(recall.well_rated(up.n, up.total) - recall.well_rated(up.n - c.dn, up.total - c.dt)) <> 0;
END $$;

CREATE FUNCTION recall.rating_counts_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        -- After a compaction in flight, not beside it.
        PERFORM pg_advisory_xact_lock(727002);
        DELETE FROM recall.rating_days;
        DELETE FROM recall.rating_keys;
        DELETE FROM recall.rating_day_changes;
        DELETE FROM recall.rating_key_changes;
        DELETE FROM recall.generation_ratings;
        UPDATE recall.generation_days SET good = 0 WHERE good <> 0;
        UPDATE recall.generation_day_changes SET good = 0 WHERE good <> 0;
        RETURN NULL;
    END IF;
    -- Shared among feedback writers; a change of a generation's template, provider, model, day or cost
    -- takes it alone, so neither counts the other's rows under the old key (see below).
    PERFORM pg_advisory_xact_lock_shared(727003);
    -- Each branch names only the transition tables its event has.
    IF TG_OP = 'INSERT' THEN
        PERFORM recall.count_feedback(array_agg(generation_id), array_agg(created_at::date), array_agg(rating), array_agg(1))
        FROM new_rows WHERE rating IS NOT NULL;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM recall.count_feedback(array_agg(generation_id), array_agg(created_at::date), array_agg(rating), array_agg(-1))
        FROM old_rows WHERE rating IS NOT NULL;
    ELSE
        PERFORM recall.count_feedback(array_agg(generation_id), array_agg(created_at::date), array_agg(rating), array_agg(sign))
        FROM (SELECT generation_id, created_at, rating, 1 AS sign FROM new_rows
              UNION ALL SELECT generation_id, created_at, rating, -1 FROM old_rows) c
        WHERE rating IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;

-- Generations' writes. New ones count on their day with their cost. One whose template, provider, model,
-- day or cost changes moves its ratings and itself to the new key; it waits for feedback writers in
-- flight and holds new ones off until it commits, so their counts and its move see each other's rows.
-- One being deleted counts off itself and is kept in deleted_generations for its feedback's cascade.
CREATE FUNCTION recall.rating_counts_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_advisory_xact_lock(727002);
        DELETE FROM recall.generation_days;
        DELETE FROM recall.generation_day_changes;
        DELETE FROM recall.generation_ratings;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO recall.generation_day_changes (day, generations, cost, good)
        SELECT created_at::date, count(*), coalesce(sum(cost), 0), 0 FROM new_rows GROUP BY 1;
        RETURN NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM pg_advisory_xact_lock(727003);
        INSERT INTO recall.rating_key_changes (template_id, provider, model, rating, n)
        SELECT k.template_id, k.provider, k.model, r.rating, sum(r.n * k.sign)
        FROM (SELECT f.rating, count(*) AS n FROM feedback f WHERE f.generation_id = OLD.id AND f.rating IS NOT NULL GROUP BY 1) r
        CROSS JOIN (SELECT OLD.template_id, OLD.provider, OLD.model, -1 AS sign
                    UNION ALL SELECT NEW.template_id, NEW.provider, NEW.model, 1) k
        GROUP BY 1, 2, 3, 4 HAVING sum(r.n * k.sign) <> 0;
        INSERT INTO recall.generation_day_changes (day, generations, cost, good)
        SELECT day, sum(n), sum(cost), sum(good) FROM (
            SELECT OLD.created_at::date AS day, -1 AS n, -coalesce(OLD.cost, 0) AS cost, -recall.well_rated(r.n, r.total) AS good
            FROM (SELECT 1) one LEFT JOIN recall.generation_ratings r ON r.generation_id = OLD.id
            UNION ALL
            SELECT NEW.created_at::date, 1, coalesce(NEW.cost, 0), recall.well_rated(r.n, r.total)
            FROM (SELECT 1) one LEFT JOIN recall.generation_ratings r ON r.generation_id = OLD.id) c
        GROUP BY 1 HAVING sum(n) <> 0 OR sum(cost) <> 0 OR sum(good) <> 0;
        RETURN NEW;
    ELSE
        INSERT INTO recall.deleted_generations (generation_id, template_id, provider, model, created_at)
        VALUES (OLD.id, OLD.template_id, OLD.provider, OLD.model, OLD.created_at)
        ON CONFLICT (generation_id) DO UPDATE SET template_id = EXCLUDED.template_id, provider = EXCLUDED.provider,
            model = EXCLUDED.model, created_at = EXCLUDED.created_at;
        -- Its ratings come off, and "well rated" with them, when the cascade deletes its feedback.
        INSERT INTO recall.generation_day_changes (day, generations, cost, good)
        VALUES (OLD.created_at::date, -1, -coalesce(OLD.cost, 0), 0);
        RETURN OLD;
    END IF;
END $$;

-- Folds the changes into the totals and drops counts that reached zero, and what deleted generations
-- left behind; one instance at a time (the
-- others skip), and a change appended meanwhile waits for the next round. Returns the changes folded.
CREATE FUNCTION recall.compact_rating_counts() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    days BIGINT;
    keys BIGINT;
    gens BIGINT;
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
    WITH moved AS (DELETE FROM recall.generation_day_changes RETURNING day, generations, cost, good),
         folded AS (
             INSERT INTO recall.generation_days AS c (day, generations, cost, good)
             SELECT day, sum(generations), sum(cost), sum(good) FROM moved GROUP BY 1
             ON CONFLICT ON CONSTRAINT generation_days_key DO UPDATE
                 SET generations = c.generations + EXCLUDED.generations, cost = c.cost + EXCLUDED.cost, good = c.good + EXCLUDED.good)
    SELECT count(*) INTO gens FROM moved;
    DELETE FROM recall.rating_days WHERE n = 0;
    DELETE FROM recall.rating_keys WHERE n = 0;
    DELETE FROM recall.generation_days WHERE generations = 0;
    -- Deletes that have committed: their generations' ratings went to zero with the cascade.
    DELETE FROM recall.generation_ratings r USING recall.deleted_generations d WHERE r.generation_id = d.generation_id AND r.n = 0;
    DELETE FROM recall.deleted_generations;
    RETURN days + keys + gens;
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
CREATE TRIGGER generations_rating_counts_insert AFTER INSERT ON generations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recall.rating_counts_generation();
CREATE TRIGGER generations_rating_counts_update AFTER UPDATE OF template_id, provider, model, created_at, cost ON generations
    FOR EACH ROW WHEN (OLD.template_id IS DISTINCT FROM NEW.template_id OR OLD.provider IS DISTINCT FROM NEW.provider
                       OR OLD.model IS DISTINCT FROM NEW.model OR OLD.created_at IS DISTINCT FROM NEW.created_at
                       OR OLD.cost IS DISTINCT FROM NEW.cost)
    EXECUTE FUNCTION recall.rating_counts_generation();
CREATE TRIGGER generations_rating_counts_delete BEFORE DELETE ON generations
    FOR EACH ROW EXECUTE FUNCTION recall.rating_counts_generation();
CREATE TRIGGER generations_rating_counts_truncate AFTER TRUNCATE ON generations
    FOR EACH STATEMENT EXECUTE FUNCTION recall.rating_counts_generation();

INSERT INTO recall.rating_days (day, rating, n)
SELECT created_at::date, rating, count(*) FROM feedback WHERE rating IS NOT NULL GROUP BY 1, 2;
INSERT INTO recall.rating_keys (template_id, provider, model, rating, n)
SELECT g.template_id, g.provider, g.model, f.rating, count(*)
FROM feedback f JOIN generations g ON g.id = f.generation_id WHERE f.rating IS NOT NULL GROUP BY 1, 2, 3, 4;
INSERT INTO recall.generation_ratings (generation_id, n, total)
SELECT generation_id, count(*), sum(rating) FROM feedback WHERE rating IS NOT NULL AND generation_id IS NOT NULL GROUP BY 1;
INSERT INTO recall.generation_days (day, generations, cost, good)
SELECT g.created_at::date, count(*), coalesce(sum(g.cost), 0), sum(recall.well_rated(r.n, r.total))
FROM generations g LEFT JOIN recall.generation_ratings r ON r.generation_id = g.id GROUP BY 1;
