package dev.openproxy.contracts.events.session;

import java.time.Instant;

/**
 * An Interaction happened in the Session (routing-service relayed a message or call): {@code date_last_interaction}
 * is {@code interactionAt}, the Ttl clock restarts from it, and an open session is now in-progress.
 *
 * @param status the session's status after the interaction: in-progress
 */
public record SessionInteractionRecordedEvent(
        String sessionSid,
        String serviceSid,
        String accountSid,
        String interactionSid,
        Instant interactionAt,
        String status) {
}
