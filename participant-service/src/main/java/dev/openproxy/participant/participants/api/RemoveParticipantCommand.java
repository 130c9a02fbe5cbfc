package dev.openproxy.participant.participants.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Twilio's participant DELETE: a soft delete that frees the participant's pair. */
public record RemoveParticipantCommand(
        @TargetAggregateIdentifier String sessionSid,
        String participantSid,
        String accountSid,
        Instant now) {
}
