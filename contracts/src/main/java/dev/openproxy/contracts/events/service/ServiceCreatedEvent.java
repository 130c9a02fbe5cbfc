package dev.openproxy.contracts.events.service;

import java.time.Instant;

/** A Proxy Service was created. Carries the whole configuration, so a consumer needs no other read. */
public record ServiceCreatedEvent(
        String serviceSid,
        String accountSid,
        ServiceSettings settings,
        Instant createdAt) {
}
