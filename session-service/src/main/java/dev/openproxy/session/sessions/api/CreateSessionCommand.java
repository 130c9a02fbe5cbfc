package dev.openproxy.session.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * @param ttl        already defaulted from the Service's DefaultTtl when the request gave none
 * @param dateExpiry null when not set
 */
public record CreateSessionCommand(
        @TargetAggregateIdentifier String sessionSid,
        String serviceSid,
        String accountSid,
        String uniqueName,
        String mode,
        String status,
        int ttl,
        Instant dateExpiry,
        Instant now) {
}
