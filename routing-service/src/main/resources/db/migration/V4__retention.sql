-- Retention of interaction content (docs/privacy.md, ADR 0012 "Retention"): when a session closed (cleared when it is
-- re-opened) and when RetentionJob erased its interaction content, so that a session is erased once per closing.
ALTER TABLE known_sessions ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE known_sessions ADD COLUMN content_erased_at TIMESTAMPTZ;

CREATE INDEX known_sessions_retention_due ON known_sessions (closed_at)
    WHERE closed_at IS NOT NULL AND content_erased_at IS NULL;
