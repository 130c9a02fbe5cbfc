package dev.openproxy.routing.interaction;

import dev.openproxy.contracts.events.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CreateMessageInteraction: send a participant a message from its own proxy number (no inbound leg). */
public record SendMessageCommand(
        @TargetAggregateIdentifier String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        @PersonalData String body,
        String participantSid,
        String proxyIdentifier,
        @PersonalData String identifier,
        Instant createdAt) {

    @Override
    public String toString() {
        return "SendMessageCommand[interactionSid=" + interactionSid + "]";
    }
}
