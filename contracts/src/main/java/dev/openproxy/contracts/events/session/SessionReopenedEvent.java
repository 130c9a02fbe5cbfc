package dev.openproxy.contracts.events.session;

import java.time.Instant;

/** A closed Session was re-opened (status closed -> in-progress, the only re-open Twilio allows). */
public record SessionReopenedEvent(
        String sessionSid,
        String serviceSid,
        String accountSid,
        Instant reopenedAt) {
}
