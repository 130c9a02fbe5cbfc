package dev.openproxy.routing.directory;

/**
 * A sender's last session on a proxy number that no longer routes (closed, or the sender removed), for the
 * OutOfSessionCallbackUrl. Holds the partner's phone number: toString leaves it out.
 */
public record PreviousSession(String sessionSid, String serviceSid, String accountSid, String mode, String status,
                              String senderParticipantSid, String partnerParticipantSid, String partnerIdentifier,
                              String partnerProxyIdentifier) {

    @Override
    public String toString() {
        return "PreviousSession[" + sessionSid + ", " + status + "]";
    }
}
