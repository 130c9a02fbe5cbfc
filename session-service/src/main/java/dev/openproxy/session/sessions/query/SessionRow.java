package dev.openproxy.session.sessions.query;

import dev.openproxy.session.sessions.api.SessionExpiry;

import java.time.Instant;

/** One row of the {@code sessions} read model. */
public record SessionRow(
        String sid,
        String serviceSid,
        String accountSid,
        String uniqueName,
        String status,
        String mode,
        int ttl,
        Instant dateExpiry,
        Instant dateStarted,
        Instant dateEnded,
        Instant dateLastInteraction,
        String closedReason,
        Instant lastActivity,
        Instant dateCreated,
        Instant dateUpdated) {

    public SessionExpiry expiry() {
        return new SessionExpiry(ttl, dateExpiry);
    }
}
