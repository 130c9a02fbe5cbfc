package dev.openproxy.routing.interaction;

import dev.openproxy.contracts.events.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record an inbound SMS to relay (creates the Interaction). Carries a message body and a phone number. */
public record ReceiveMessageCommand(
        @TargetAggregateIdentifier String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        @PersonalData String body,
        String inboundParticipantSid,
        String inboundResourceSid,
        String outboundParticipantSid,
        String outboundProxyIdentifier,
        @PersonalData String outboundIdentifier,
        Instant receivedAt) {

    @Override
    public String toString() {
        return "ReceiveMessageCommand[interactionSid=" + interactionSid + "]";
    }
}
