-- Erasure of the sandbox carrier's log (docs/privacy.md): each recorded SMS names its Interaction, and goes with it
-- (Interaction, Session or Service DELETE, retention).
ALTER TABLE sandbox_messages ADD COLUMN interaction_sid VARCHAR(34);

-- Rows recorded before: the Interaction whose outbound leg got the sandbox's message SID.
UPDATE sandbox_messages m SET interaction_sid = i.sid FROM interactions i WHERE i.outbound_resource_sid = m.sid;

-- What would have been erased had the column existed: rows no Interaction claims (their Session was deleted, and its
-- interactions rows with it), of a deleted Interaction, or of a Session whose content retention already erased.
DELETE FROM sandbox_messages m WHERE m.interaction_sid IS NULL
    OR EXISTS (SELECT 1 FROM interactions i WHERE i.sid = m.interaction_sid AND i.deleted)
    OR EXISTS (SELECT 1 FROM interactions i JOIN known_sessions s ON s.sid = i.session_sid
               WHERE i.sid = m.interaction_sid AND s.content_erased_at IS NOT NULL);

CREATE INDEX sandbox_messages_by_interaction ON sandbox_messages (interaction_sid);
