-- Query latency and pool state, rolled up to minute buckets by every console instance and summed
-- here, so several instances behind a load balancer draw one picture and a restart loses nothing.
CREATE TABLE recall.query_stats (
    minute TIMESTAMPTZ NOT NULL,
    pool VARCHAR(16) NOT NULL,
    operation VARCHAR(100) NOT NULL,
    calls BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    total_ms DOUBLE PRECISION NOT NULL,
    max_ms DOUBLE PRECISION NOT NULL,
    -- Counts per latency bucket; the bounds are LATENCY_BUCKETS_MS in lib/metrics/histogram.ts.
    buckets BIGINT[] NOT NULL,
    PRIMARY KEY (minute, pool, operation)
);

CREATE TABLE recall.pool_stats (
    minute TIMESTAMPTZ NOT NULL,
    instance VARCHAR(64) NOT NULL,
    pool VARCHAR(16) NOT NULL,
    samples INTEGER NOT NULL,
    in_use_sum BIGINT NOT NULL,
    in_use_max INTEGER NOT NULL,
    idle_sum BIGINT NOT NULL,
    waiting_sum BIGINT NOT NULL,
    waiting_max INTEGER NOT NULL,
    max_size INTEGER NOT NULL,
    down_samples INTEGER NOT NULL,
    PRIMARY KEY (minute, instance, pool)
);
CREATE INDEX pool_stats_minute_idx ON recall.pool_stats (minute);

-- Slow and frequent queries come from pg_stat_statements where the server has it; where it cannot be
-- created (not installed, or no privilege), the Health page explains how to enable it instead.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') THEN
        CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
    END IF;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_stat_statements not enabled: %', SQLERRM;
END $$;
