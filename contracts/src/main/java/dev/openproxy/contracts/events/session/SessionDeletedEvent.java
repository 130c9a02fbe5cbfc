package dev.openproxy.contracts.events.session;

import java.time.Instant;

/** A Session was deleted through the API, or with its Service. */
public record SessionDeletedEvent(
        String sessionSid,
        String serviceSid,
        String accountSid,
        Instant deletedAt) {
}
