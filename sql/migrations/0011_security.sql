-- Tokens may expire (30/90/365 days or never), chosen at creation; an expired token is refused.
ALTER TABLE recall.api_tokens ADD COLUMN expires_at TIMESTAMPTZ;

-- Writes made with a token are audited under the token as well as its creator.
ALTER TABLE recall.audit_log ADD COLUMN token_id UUID REFERENCES recall.api_tokens(id) ON DELETE SET NULL;

-- Every session carries the generation current at sign-in; sign-out, a password change or reset,
-- disabling and an admin's "sign out everywhere" bump it, which ends every earlier session at once.
ALTER TABLE recall.users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;

-- Collections created through the console: the ones an admin may drop from it (never the seeds' tables).
CREATE TABLE recall.created_collections (
    schema_name VARCHAR(63) NOT NULL,
    table_name VARCHAR(63) NOT NULL,
    created_by UUID REFERENCES recall.users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (schema_name, table_name)
);
