package dev.openproxy.participant.participants.api;

import dev.openproxy.contracts.events.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Adds a participant to a session with the proxy number already chosen (automatically or by the client).
 *
 * @param identifier         normalised (E.164 or channel address): personal data
 * @param proxyIdentifier    the proxy number, E.164
 * @param proxyIdentifierSid its pool entry (PN...)
 */
public record AddParticipantCommand(
        @TargetAggregateIdentifier String sessionSid,
        String participantSid,
        String serviceSid,
        String accountSid,
        @PersonalData String identifier,
        @PersonalData String friendlyName,
        String proxyIdentifier,
        String proxyIdentifierSid,
        Instant now) {

    /** Without the personal fields: a command may end up in a log line. */
    @Override
    public String toString() {
        return "AddParticipantCommand[sessionSid=" + sessionSid + ", participantSid=" + participantSid
                + ", proxyIdentifierSid=" + proxyIdentifierSid + "]";
    }
}
