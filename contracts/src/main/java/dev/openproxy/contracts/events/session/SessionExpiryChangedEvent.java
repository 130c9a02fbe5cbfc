package dev.openproxy.contracts.events.session;

import java.time.Instant;

/** A Session's Ttl or DateExpiry was updated; both fields hold the new values (dateExpiry null = unset). */
public record SessionExpiryChangedEvent(
        String sessionSid,
        String serviceSid,
        String accountSid,
        int ttl,
        Instant dateExpiry,
        Instant changedAt) {
}
