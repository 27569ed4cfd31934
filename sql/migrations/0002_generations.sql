-- Seed 002: generations, templates, feedback, costs, session memory, best practices.
CREATE TABLE generations (
    id VARCHAR PRIMARY KEY,
    artifact_type VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    description TEXT,
    content TEXT NOT NULL,
    quality_score FLOAT,
    provider VARCHAR,
    model VARCHAR,
    tokens_used INTEGER,
    cost FLOAT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    metadata JSONB
);
CREATE INDEX idx_generations_created ON generations (created_at DESC);

CREATE TABLE templates (
    id VARCHAR PRIMARY KEY,
    artifact_type VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    pattern VARCHAR,
    content TEXT NOT NULL,
    quality_score FLOAT,
    usage_count INTEGER DEFAULT 0,
    source VARCHAR,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    embedding vector(1536)
);
-- The seed builds an ivfflat index; ivfflat built on an empty table has no useful centroids,
-- so Recall uses HNSW, which needs no training data and stays accurate as rows arrive.
CREATE INDEX templates_embedding_idx ON templates
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);

CREATE TABLE feedback (
    id VARCHAR PRIMARY KEY,
    generation_id VARCHAR REFERENCES generations(id) ON DELETE CASCADE,
    rating INTEGER CHECK (rating >= 1 AND rating <= 5),
    comment TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_feedback_generation ON feedback (generation_id);

CREATE TABLE costs (
    id VARCHAR PRIMARY KEY,
    provider VARCHAR NOT NULL,
    model VARCHAR NOT NULL,
    input_tokens INTEGER,
    output_tokens INTEGER,
    cost FLOAT,
    period_type VARCHAR CHECK (period_type IN ('daily', 'monthly')),
    period_start DATE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_costs_period ON costs (period_start);

CREATE TABLE memory (
    id VARCHAR PRIMARY KEY,
    session_id VARCHAR,
    key VARCHAR NOT NULL,
    value TEXT NOT NULL,
    scope VARCHAR DEFAULT 'session',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP
);
CREATE INDEX idx_memory_session ON memory (session_id);

CREATE TABLE best_practices (
    id VARCHAR PRIMARY KEY,
    category VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    content TEXT NOT NULL,
    tags TEXT[],
    quality_score FLOAT,
    usage_count INTEGER DEFAULT 0,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    embedding vector(1536)
);
CREATE INDEX best_practices_embedding_idx ON best_practices
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
