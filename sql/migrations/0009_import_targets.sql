-- Imports go into a namespace of memory_entries or into any collection (a table with a vector column).
ALTER TABLE recall.import_jobs
    ADD COLUMN target_kind VARCHAR(16) NOT NULL DEFAULT 'namespace' CHECK (target_kind IN ('namespace', 'collection'));
