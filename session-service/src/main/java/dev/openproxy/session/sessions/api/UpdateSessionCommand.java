package dev.openproxy.session.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The parameters of an UpdateSession request; null leaves a value as it is.
 *
 * @param clearDateExpiry DateExpiry was sent blank: remove it, so Ttl applies again
 */
public record UpdateSessionCommand(
        @TargetAggregateIdentifier String sessionSid,
        String accountSid,
        Integer ttl,
        Instant dateExpiry,
        boolean clearDateExpiry,
        String status,
        Instant now) {
}
