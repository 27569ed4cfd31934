-- Tokens may expire (30/90/365 days or never), chosen at creation; an expired token is refused.
ALTER TABLE recall.api_tokens ADD COLUMN expires_at TIMESTAMPTZ;

-- Writes made with a token are audited under the token as well as its creator.
ALTER TABLE recall.audit_log ADD COLUMN token_id UUID REFERENCES recall.api_tokens(id) ON DELETE SET NULL;
