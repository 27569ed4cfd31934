-- The Feedback page's generations list at millions of rows: pages walk (created_at DESC, id) instead of
-- sorting the table, and the artifact type, provider and model drop-downs are read by loose index scans
-- instead of a DISTINCT over every row (lib/generations/generations.ts).
DROP INDEX IF EXISTS idx_generations_created;
CREATE INDEX idx_generations_created_id ON generations (created_at DESC, id);
CREATE INDEX idx_generations_artifact_type ON generations (artifact_type);
CREATE INDEX idx_generations_provider ON generations (provider);
CREATE INDEX idx_generations_model ON generations (model);
