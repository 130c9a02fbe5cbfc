package dev.openproxy.contracts.events.participant;

import java.time.Instant;

/**
 * A Participant was removed from its Session (Twilio's soft delete: it keeps {@code date_deleted} and cannot be
 * re-added). Its (identifier, proxy number) pair no longer routes to the session.
 */
public record ParticipantRemovedEvent(
        String participantSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        String proxyIdentifierSid,
        Instant removedAt) {
}
