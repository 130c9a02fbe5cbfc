package dev.openproxy.session.sessions.api;

import dev.openproxy.contracts.events.session.ClosedReason;

import java.time.Instant;

/**
 * When a session closes by itself. Twilio: "DateExpiry ... overrides the Ttl"; Ttl is "measured in seconds after
 * the Session's last create or last Interaction"; a Ttl of 0 is "an unlimited Session length". Shared by the
 * aggregate (which decides) and the projection (which indexes the due time for the scheduler).
 */
public record SessionExpiry(int ttl, Instant dateExpiry) {

    /** The moment the session is due to close, or null if it never closes by itself. */
    public Instant dueAt(Instant lastActivity) {
        if (dateExpiry != null) {
            return dateExpiry;
        }
        return ttl > 0 ? lastActivity.plusSeconds(ttl) : null;
    }

    public String closedReason() {
        return dateExpiry != null ? ClosedReason.DATE_EXPIRY : ClosedReason.TTL;
    }
}
