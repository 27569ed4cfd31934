-- recall.count_feedback (0019) joined a batch of feedback rows to generations (and the deleted-generation
-- stash) twice: once for the per-key changes, once for the per-generation sums. One statement now joins
-- them once and feeds both from the same rows. Same arguments, same results.
CREATE OR REPLACE FUNCTION recall.count_feedback(ids VARCHAR[], days DATE[], ratings INTEGER[], signs INTEGER[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recall.rating_day_changes (day, rating, n)
    SELECT x.day, x.rating, sum(x.sign) FROM unnest(days, ratings, signs) AS x(day, rating, sign)
    GROUP BY 1, 2 HAVING sum(x.sign) <> 0;

    WITH rated AS MATERIALIZED (
        SELECT x.generation_id, x.rating, x.sign,
               CASE WHEN g.id IS NOT NULL THEN g.template_id ELSE d.template_id END AS template_id,
               CASE WHEN g.id IS NOT NULL THEN g.provider ELSE d.provider END AS provider,
               CASE WHEN g.id IS NOT NULL THEN g.model ELSE d.model END AS model,
               CASE WHEN g.id IS NOT NULL THEN g.created_at ELSE d.created_at END AS created_at
        FROM unnest(ids, ratings, signs) AS x(generation_id, rating, sign)
        LEFT JOIN generations g ON g.id = x.generation_id
        LEFT JOIN recall.deleted_generations d ON d.generation_id = x.generation_id
        WHERE g.id IS NOT NULL OR d.generation_id IS NOT NULL),
    keys AS (
        INSERT INTO recall.rating_key_changes (template_id, provider, model, rating, n)
        SELECT template_id, provider, model, rating, sum(sign) FROM rated
        GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0),
    -- The values before are the values after less the change: a concurrent writer's rating of the same
    -- generation, committed while this upsert waited for its row, is counted once.
    c AS (
        SELECT generation_id, sum(sign)::bigint AS dn, sum(sign * rating)::bigint AS dt, created_at FROM rated
        GROUP BY 1, 4 HAVING sum(sign) <> 0 OR sum(sign * rating) <> 0),
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
