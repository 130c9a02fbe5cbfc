package dev.openproxy.contracts.events.session;

import java.time.Instant;

/**
 * A Session closed: by a status update, or by itself when its Ttl or DateExpiry was reached.
 *
 * @param closedReason why, as shown in the session's {@code closed_reason}: see {@link ClosedReason}
 */
public record SessionClosedEvent(
        String sessionSid,
        String serviceSid,
        String accountSid,
        String closedReason,
        Instant endedAt) {
}
