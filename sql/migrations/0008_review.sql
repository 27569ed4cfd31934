-- Reviews: who gave each piece of feedback (reviewers may edit or withdraw their own), templates and
-- generations linked both ways (promotion, and which template a generation came from), and the
-- review queue's claims — seed 003's atomic claim with a lease, so an abandoned claim comes back.
ALTER TABLE feedback ADD COLUMN user_id UUID REFERENCES recall.users(id) ON DELETE SET NULL;
ALTER TABLE feedback ADD COLUMN updated_at TIMESTAMP;
CREATE INDEX idx_feedback_user ON feedback (user_id, created_at);

ALTER TABLE templates ADD COLUMN source_generation_id VARCHAR REFERENCES generations(id) ON DELETE SET NULL;
ALTER TABLE generations ADD COLUMN template_id VARCHAR REFERENCES templates(id) ON DELETE SET NULL;
CREATE INDEX idx_generations_template ON generations (template_id);

CREATE TABLE recall.review_claims (
    generation_id VARCHAR PRIMARY KEY REFERENCES generations(id) ON DELETE CASCADE,
    reviewer_id UUID NOT NULL REFERENCES recall.users(id) ON DELETE CASCADE,
    claimed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    lease_until TIMESTAMPTZ NOT NULL
);

CREATE TABLE recall.review_skips (
    generation_id VARCHAR NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    reviewer_id UUID NOT NULL REFERENCES recall.users(id) ON DELETE CASCADE,
    skipped_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (generation_id, reviewer_id)
);
