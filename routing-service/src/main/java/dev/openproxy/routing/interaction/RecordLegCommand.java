package dev.openproxy.routing.interaction;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A leg of an interaction changed: sent to the carrier, failed for good, or reported by a status callback.
 * {@code duration}: seconds of a completed call leg, when the carrier reported it; null otherwise.
 */
public record RecordLegCommand(
        @TargetAggregateIdentifier String interactionSid,
        String leg,
        String resourceSid,
        String status,
        Integer errorCode,
        int attempts,
        Instant changedAt,
        Integer duration) {
}
