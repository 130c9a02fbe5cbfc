package dev.openproxy.contracts.events.session;

import java.time.Instant;

/**
 * A Session was created.
 *
 * @param status     open or in-progress (Twilio creates sessions open unless told otherwise)
 * @param mode       message-only, voice-only or voice-and-message
 * @param ttl        seconds of inactivity before the session closes; 0 = no inactivity limit
 * @param dateExpiry absolute close time, overriding ttl; null when not set
 */
public record SessionCreatedEvent(
        String sessionSid,
        String serviceSid,
        String accountSid,
        String uniqueName,
        String mode,
        String status,
        int ttl,
        Instant dateExpiry,
        Instant createdAt) {
}
