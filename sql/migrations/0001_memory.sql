-- Seed 000: the vector memory API (memory_entries, patterns, claude_flow.embeddings).
-- pgvector's `vector` type stands in for the seed's `ruvector`; operators and index options are the same.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE memory_entries (
    id SERIAL PRIMARY KEY,
    namespace VARCHAR(255) NOT NULL CHECK (namespace <> ''),
    key VARCHAR(255) NOT NULL CHECK (key <> ''),
    value TEXT NOT NULL CHECK (value <> ''),
    embedding vector(384),
    metadata JSONB DEFAULT '{}'::jsonb,
    tags TEXT[],
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW(),
    CONSTRAINT uq_memory_namespace_key UNIQUE (namespace, key)
);

CREATE INDEX idx_memory_embedding ON memory_entries
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 200);
CREATE INDEX idx_memory_namespace ON memory_entries (namespace);
CREATE INDEX idx_memory_created ON memory_entries (created_at DESC);
CREATE INDEX idx_memory_tags ON memory_entries USING gin (tags);

CREATE TABLE patterns (
    id SERIAL PRIMARY KEY,
    pattern_type VARCHAR(100) NOT NULL,
    pattern_name VARCHAR(255) NOT NULL,
    pattern_data JSONB NOT NULL,
    embedding vector(384),
    usage_count INTEGER DEFAULT 0,
    success_rate FLOAT DEFAULT 0.0,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);

CREATE INDEX idx_patterns_type ON patterns (pattern_type);
CREATE INDEX idx_patterns_name ON patterns (pattern_name);
CREATE INDEX idx_patterns_embedding ON patterns
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 200);

CREATE SCHEMA IF NOT EXISTS claude_flow;

CREATE TABLE claude_flow.embeddings (
    id SERIAL PRIMARY KEY,
    content TEXT NOT NULL,
    embedding vector(384),
    metadata JSONB DEFAULT '{}'::jsonb,
    created_at TIMESTAMP DEFAULT NOW()
);

CREATE INDEX idx_cf_embeddings ON claude_flow.embeddings
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 200);

-- Seed 000's SQL functions, so agents that call them keep working against a database Recall manages.
CREATE OR REPLACE FUNCTION search_memories(
    p_namespace VARCHAR,
    p_query_embedding vector,
    p_limit INTEGER DEFAULT 10,
    p_min_similarity FLOAT DEFAULT 0.7,
    p_tags TEXT[] DEFAULT NULL
) RETURNS TABLE (
    namespace VARCHAR,
    key VARCHAR,
    value TEXT,
    similarity FLOAT,
    metadata JSONB,
    tags TEXT[]
) AS $$
BEGIN
    RETURN QUERY
    SELECT m.namespace, m.key, m.value,
           (1 - (m.embedding <=> p_query_embedding))::FLOAT AS similarity,
           m.metadata, m.tags
    FROM memory_entries m
    WHERE m.namespace = p_namespace
      AND m.embedding IS NOT NULL
      AND (1 - (m.embedding <=> p_query_embedding)) >= p_min_similarity
      AND (p_tags IS NULL OR m.tags @> p_tags)
    ORDER BY m.embedding <=> p_query_embedding
    LIMIT p_limit;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION batch_store_memories(entries JSONB) RETURNS INTEGER AS $$
DECLARE
    entry JSONB;
    inserted_count INTEGER := 0;
BEGIN
    FOR entry IN SELECT * FROM jsonb_array_elements(entries)
    LOOP
        INSERT INTO memory_entries (namespace, key, value, embedding, metadata, tags)
        VALUES (
            entry->>'namespace',
            entry->>'key',
            entry->>'value',
            (entry->>'embedding')::vector(384),
            COALESCE(entry->'metadata', '{}'::jsonb),
            ARRAY(SELECT jsonb_array_elements_text(COALESCE(entry->'tags', '[]'::jsonb)))
        )
        ON CONFLICT (namespace, key) DO UPDATE
        SET value = EXCLUDED.value,
            embedding = EXCLUDED.embedding,
            metadata = EXCLUDED.metadata,
            tags = EXCLUDED.tags,
            updated_at = NOW();
        inserted_count := inserted_count + 1;
    END LOOP;
    RETURN inserted_count;
END;
$$ LANGUAGE plpgsql;
