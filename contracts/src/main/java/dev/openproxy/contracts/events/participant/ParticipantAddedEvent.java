package dev.openproxy.contracts.events.participant;

import dev.openproxy.contracts.events.PersonalData;

import java.time.Instant;

/**
 * A Participant joined a Session with a proxy number: from now on, (identifier, proxyIdentifier) routes to this
 * session while it is open or in-progress.
 *
 * @param identifier         the participant's own number (E.164) or channel address: personal data
 * @param proxyIdentifier    the proxy number (E.164) the participant talks to
 * @param proxyIdentifierSid the pool entry (PN...) of that proxy number
 */
public record ParticipantAddedEvent(
        String participantSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        @PersonalData String identifier,
        @PersonalData String friendlyName,
        String proxyIdentifier,
        String proxyIdentifierSid,
        Instant addedAt) {
}
