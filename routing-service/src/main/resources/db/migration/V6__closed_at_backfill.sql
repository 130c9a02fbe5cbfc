-- Sessions closed before V4 have no closed_at, so retention (RetentionJob) would never erase their interaction content.
-- The close event's time is not in this database (only on openproxy.sessions.v1, which may no longer hold it): the
-- period starts now, the migration's time, which is never before the real close, so content is never erased early.
UPDATE known_sessions SET closed_at = now() WHERE status = 'closed' AND closed_at IS NULL;
