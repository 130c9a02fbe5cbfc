package dev.openproxy.session.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** From routing-service's interaction events: a message or call was relayed in the session at {@code at}. */
public record RecordInteractionCommand(
        @TargetAggregateIdentifier String sessionSid,
        String interactionSid,
        Instant at) {
}
