package dev.openproxy.routing.interaction;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Erases the content of Interactions from this service's tables (the event store's copies are erased by destroying
 * their keys, docs/adr/0012-crypto-shredding.md): {@code interactions.data}, the outbox row's body and number (a leg
 * not yet sent is failed: what it would carry is gone) and the sandbox carrier's log of the relayed SMS. Used by
 * Interaction DELETE, Session and Service DELETE and retention, in the caller's transaction.
 */
@Component
public class InteractionContent {

    private static final String OF_SESSION = "(SELECT sid FROM interactions WHERE session_sid = ?)";
    private static final String OF_INTERACTION = "(?)";
    static final String ERASED_LEG = "erased";

    private final JdbcTemplate jdbc;

    public InteractionContent(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What was erased, for the caller's log line (counts only). */
    public record Erased(int interactions, int outboxRows, int sandboxMessages) {
    }

    public Erased eraseOfSession(String sessionSid) {
        return erase(OF_SESSION, sessionSid);
    }

    public Erased eraseOfInteraction(String interactionSid) {
        return erase(OF_INTERACTION, interactionSid);
    }

    private Erased erase(String interactions, String sid) {
        int data = jdbc.update("UPDATE interactions SET data = NULL WHERE sid IN " + interactions + " AND data IS NOT NULL",
                sid);
        int legs = jdbc.update("UPDATE outbound_messages SET body = NULL, to_number = NULL, "
                + "status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END, "
                + "last_error = CASE WHEN status = 'pending' THEN '" + ERASED_LEG + "' ELSE last_error END "
                + "WHERE interaction_sid IN " + interactions
                + " AND (body IS NOT NULL OR to_number IS NOT NULL OR status = 'pending')", sid);
        int sandbox = jdbc.update("DELETE FROM sandbox_messages WHERE interaction_sid IN " + interactions, sid);
        return new Erased(data, legs, sandbox);
    }
}
