-- Bearer tokens for machines: shown once, stored as a SHA-256 hash (they are long random strings,
-- so a fast hash is enough), scoped read or write, revocable.
CREATE TABLE recall.api_tokens (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(100) NOT NULL,
    prefix VARCHAR(16) NOT NULL,
    token_hash CHAR(64) NOT NULL UNIQUE,
    scope VARCHAR(8) NOT NULL CHECK (scope IN ('read', 'write')),
    created_by UUID REFERENCES recall.users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);

-- Embeddings computed by an HTTP provider, keyed by a hash of (model, dimension, text): seed 001's
-- embedding cache, kept in Postgres so every console instance shares it.
CREATE TABLE recall.embedding_cache (
    text_hash CHAR(64) PRIMARY KEY,
    model VARCHAR(200) NOT NULL,
    dimension INTEGER NOT NULL,
    embedding REAL[] NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Imports run in the server; the browser follows their progress here.
CREATE TABLE recall.import_jobs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    created_by UUID REFERENCES recall.users(id) ON DELETE SET NULL,
    target VARCHAR(300) NOT NULL,
    filename VARCHAR(300) NOT NULL,
    format VARCHAR(8) NOT NULL CHECK (format IN ('jsonl', 'csv')),
    skip_bad BOOLEAN NOT NULL DEFAULT FALSE,
    status VARCHAR(16) NOT NULL CHECK (status IN ('validating', 'running', 'done', 'failed', 'cancelled')),
    total_rows INTEGER NOT NULL DEFAULT 0,
    processed_rows INTEGER NOT NULL DEFAULT 0,
    rejected_count INTEGER NOT NULL DEFAULT 0,
    -- The first 1000 rejections, each {line, reason}; rejected_count has them all.
    rejected JSONB NOT NULL DEFAULT '[]'::jsonb,
    message TEXT,
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    finished_at TIMESTAMPTZ
);
