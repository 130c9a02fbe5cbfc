package dev.openproxy.contracts.events.service;

import java.time.Instant;

/** A Service's configuration changed; {@code settings} is the complete new configuration. */
public record ServiceUpdatedEvent(
        String serviceSid,
        String accountSid,
        ServiceSettings settings,
        Instant updatedAt) {
}
