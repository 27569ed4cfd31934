-- The Agents page's swarm charts count tasks entering each state within a window (lib/agents/charts.ts):
-- by created_at, started_at and, for finished tasks, coalesce(completed_at, updated_at). Without these,
-- each chart view reads the whole tasks table.
CREATE INDEX idx_tasks_created ON tasks (created_at);
CREATE INDEX idx_tasks_started ON tasks (started_at) WHERE started_at IS NOT NULL;
CREATE INDEX idx_tasks_finished ON tasks ((coalesce(completed_at, updated_at))) WHERE status IN ('completed', 'failed', 'cancelled');
