-- Seed 003: agent swarm persistence (agents, tasks, events, messages, metrics).
CREATE TABLE agents (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    agent_type VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'initializing'
        CHECK (status IN ('initializing', 'active', 'idle', 'busy', 'paused', 'error', 'shutdown')),
    capabilities TEXT[] NOT NULL DEFAULT '{}',
    metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
    heartbeat TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_agents_status ON agents (status);

CREATE TABLE tasks (
    id VARCHAR PRIMARY KEY,
    task_type VARCHAR NOT NULL,
    priority VARCHAR NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    status VARCHAR NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'assigned', 'running', 'completed', 'failed', 'cancelled')),
    assigned_to VARCHAR REFERENCES agents(id) ON DELETE SET NULL,
    payload JSONB NOT NULL DEFAULT '{}'::jsonb,
    result JSONB,
    error TEXT,
    retry_count INTEGER NOT NULL DEFAULT 0,
    max_retries INTEGER NOT NULL DEFAULT 3,
    dependencies TEXT[] NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    started_at TIMESTAMPTZ,
    completed_at TIMESTAMPTZ
);
CREATE INDEX idx_tasks_status_priority ON tasks (status, priority);
CREATE INDEX idx_tasks_assigned ON tasks (assigned_to);

CREATE TABLE events (
    id VARCHAR PRIMARY KEY,
    event_type VARCHAR NOT NULL,
    agent_id VARCHAR REFERENCES agents(id) ON DELETE SET NULL,
    data JSONB NOT NULL DEFAULT '{}'::jsonb,
    "timestamp" TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_events_agent ON events (agent_id, "timestamp" DESC);
CREATE INDEX idx_events_type ON events (event_type, "timestamp" DESC);

CREATE TABLE messages (
    id VARCHAR PRIMARY KEY,
    from_agent VARCHAR NOT NULL,
    to_agent VARCHAR NOT NULL,
    message_type VARCHAR NOT NULL,
    content JSONB NOT NULL DEFAULT '{}'::jsonb,
    read BOOLEAN NOT NULL DEFAULT FALSE,
    "timestamp" TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_messages_to_unread ON messages (to_agent) WHERE NOT read;

CREATE TABLE metrics (
    id VARCHAR PRIMARY KEY,
    agent_id VARCHAR REFERENCES agents(id) ON DELETE SET NULL,
    metric_type VARCHAR NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit VARCHAR NOT NULL,
    tags JSONB NOT NULL DEFAULT '{}'::jsonb,
    "timestamp" TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_metrics_type_time ON metrics (metric_type, "timestamp");
