package dev.openproxy.routing.interaction;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The InterceptCallbackUrl answered 403: record the blocked contact under the SID its Interaction would have had. */
public record BlockInboundCommand(
        @TargetAggregateIdentifier String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        String type,
        String inboundParticipantSid,
        String inboundResourceSid,
        Instant blockedAt) {
}
