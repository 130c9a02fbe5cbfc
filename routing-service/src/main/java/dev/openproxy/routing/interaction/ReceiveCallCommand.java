package dev.openproxy.routing.interaction;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record an inbound call that is being connected to the partner (creates a voice Interaction). */
public record ReceiveCallCommand(
        @TargetAggregateIdentifier String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        String inboundParticipantSid,
        String inboundResourceSid,
        String inboundResourceStatus,
        String outboundParticipantSid,
        String outboundProxyIdentifier,
        String outboundIdentifier,
        Instant receivedAt) {

    @Override
    public String toString() {
        return "ReceiveCallCommand[interactionSid=" + interactionSid + "]";
    }
}
