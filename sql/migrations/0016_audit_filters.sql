-- Settings → Audit log filters by who and by what, newest first, paged by id: each filter reads
-- one index range instead of the whole log.
CREATE INDEX IF NOT EXISTS audit_log_actor_email_idx ON recall.audit_log (actor_email, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_action_idx ON recall.audit_log (action, id DESC);
