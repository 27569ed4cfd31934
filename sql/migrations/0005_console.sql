-- Recall's own tables live in their own schema, apart from the data it administers.
CREATE SCHEMA IF NOT EXISTS recall;

CREATE TABLE recall.users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(320) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT '',
    role VARCHAR(16) NOT NULL CHECK (role IN ('admin', 'reviewer', 'viewer')),
    password_hash TEXT NOT NULL,
    disabled_at TIMESTAMPTZ,
    last_login_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE UNIQUE INDEX users_email_key ON recall.users (lower(email));

CREATE TABLE recall.audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    actor_id UUID REFERENCES recall.users(id) ON DELETE SET NULL,
    actor_email VARCHAR(320),
    action VARCHAR(100) NOT NULL,
    target TEXT,
    details JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON recall.audit_log (at DESC);

-- Small key/value facts about this installation (e.g. when demo data was loaded).
CREATE TABLE recall.settings (
    key VARCHAR(100) PRIMARY KEY,
    value JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
