package dev.openproxy.routing.interaction;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Announce that an Interaction's content is erased (retention): the sender destroys its key in the same transaction.
 *
 * @param reason {@code InteractionContentErasedEvent.RETENTION}
 */
public record EraseContentCommand(@TargetAggregateIdentifier String interactionSid, String reason, Instant erasedAt) {
}
