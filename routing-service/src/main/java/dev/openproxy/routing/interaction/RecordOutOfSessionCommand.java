package dev.openproxy.routing.interaction;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record what became of an inbound contact outside any open session (creates its OutOfSessionContact). */
public record RecordOutOfSessionCommand(
        @TargetAggregateIdentifier String contactId,
        String resourceSid,
        String resourceType,
        String serviceSid,
        String accountSid,
        String previousSessionSid,
        String outcome,
        Integer errorCode,
        String createdSessionSid,
        Instant receivedAt) {
}
