-- Seed 004: the media gateway's content vectors.
CREATE TABLE content_vectors (
    id TEXT PRIMARY KEY,
    vector vector(768) NOT NULL,
    metadata JSONB NOT NULL
);

CREATE INDEX content_vectors_hnsw_idx ON content_vectors
    USING hnsw (vector vector_cosine_ops) WITH (m = 16, ef_construction = 64);
