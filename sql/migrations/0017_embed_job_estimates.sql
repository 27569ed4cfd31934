-- "Embed all missing" on a table past EXACT_COUNT_LIMIT rows takes its total from a block sample, as
-- the embedding health figures do, instead of a count(*) that scans millions of rows; the job says so.
ALTER TABLE recall.embed_jobs ADD COLUMN total_estimated BOOLEAN NOT NULL DEFAULT false;
