package dev.openproxy.participant.participants.query;

import java.time.Instant;

/** One row of the {@code participants} read model. {@code identifier} and {@code friendlyName} are personal data. */
public record ParticipantRow(
        String sid,
        String accountSid,
        String serviceSid,
        String sessionSid,
        String identifier,
        String friendlyName,
        String proxyIdentifier,
        String proxyIdentifierSid,
        Instant dateCreated,
        Instant dateUpdated,
        Instant dateDeleted) {

    public boolean removed() {
        return dateDeleted != null;
    }

    @Override
    public String toString() {
        return "ParticipantRow[sid=" + sid + ", sessionSid=" + sessionSid + "]";
    }
}
