package dev.openproxy.routing.directory;

/**
 * Where an inbound SMS or call goes: the active session of the (sender, proxy number) pair, the sender's participant,
 * and the partner, reached at {@code partnerIdentifier} from {@code partnerProxyIdentifier}. Holds phone numbers:
 * toString leaves them out.
 */
public record Route(String accountSid, String serviceSid, String sessionSid, String sessionMode, String sessionStatus,
                    String senderParticipantSid, String partnerParticipantSid, String partnerIdentifier,
                    String partnerProxyIdentifier) {

    public boolean hasPartner() {
        return partnerParticipantSid != null;
    }

    @Override
    public String toString() {
        return "Route[session=" + sessionSid + ", sender=" + senderParticipantSid + ", partner=" + partnerParticipantSid + "]";
    }
}
