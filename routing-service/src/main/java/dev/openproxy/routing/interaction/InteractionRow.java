package dev.openproxy.routing.interaction;

import java.time.Instant;

/** A row of {@code interactions}. {@code data} holds a message body: toString leaves it out. */
public record InteractionRow(String sid, String sessionSid, String serviceSid, String accountSid, String type, String data,
                             String inboundParticipantSid, String inboundResourceSid, String inboundResourceType,
                             String inboundResourceStatus, String outboundParticipantSid, String outboundResourceSid,
                             String outboundResourceType, String outboundResourceStatus, Instant dateCreated,
                             Instant dateUpdated) {

    @Override
    public String toString() {
        return "InteractionRow[sid=" + sid + "]";
    }
}
