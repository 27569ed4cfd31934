-- Settings → Audit log lists newest first by (at, id), filtered by who, by what and by UTC days, and
-- pages from the last row's (at, id): each filter reads one index range instead of the whole log.
DROP INDEX IF EXISTS recall.audit_log_at_idx;
CREATE INDEX audit_log_at_id_idx ON recall.audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_email_idx ON recall.audit_log (actor_email, at DESC, id DESC);
CREATE INDEX audit_log_action_idx ON recall.audit_log (action, at DESC, id DESC);
