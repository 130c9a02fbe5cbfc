package dev.openproxy.routing.interaction;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record DeleteInteractionCommand(@TargetAggregateIdentifier String interactionSid, String accountSid,
                                       String serviceSid, String sessionSid, Instant now) {
}
