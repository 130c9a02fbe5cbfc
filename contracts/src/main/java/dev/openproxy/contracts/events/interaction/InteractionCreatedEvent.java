package dev.openproxy.contracts.events.interaction;

import dev.openproxy.contracts.events.PersonalData;
import dev.openproxy.contracts.events.PersonalDataScope;

import java.time.Instant;

/**
 * routing-service accepted an inbound message (or call) of a Session's participant and will relay it to the partner:
 * an Interaction (KI...) exists. session-service uses it to set {@code date_last_interaction}, restart the TTL clock
 * and move the session from {@code open} to {@code in-progress}.
 *
 * @param interactionSid          the Interaction; also the key scope of its personal fields, under the Session's, so
 *                                that deleting the Interaction erases them (ADR 0012)
 * @param type                    Twilio's interaction type: {@code message} or {@code voice}
 * @param data                    Twilio's {@code data}: a JSON string, e.g. {@code {"body": "..."}}: personal data
 * @param inboundResourceSid      the carrier's SID of the received message or call (SM..., CA...)
 * @param inboundResourceType     {@code message} or {@code call}
 * @param inboundResourceStatus   Twilio's resource status of the inbound leg, e.g. {@code received}
 * @param outboundProxyIdentifier the partner's proxy number: the From of the relayed leg
 * @param outboundIdentifier      the partner's own number: the To of the relayed leg; personal data
 * @param createdAt               when the inbound leg was received: the session's new date_last_interaction
 */
public record InteractionCreatedEvent(
        @PersonalDataScope String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        String type,
        @PersonalData String data,
        String inboundParticipantSid,
        String inboundResourceSid,
        String inboundResourceType,
        String inboundResourceStatus,
        String outboundParticipantSid,
        String outboundResourceType,
        String outboundProxyIdentifier,
        @PersonalData String outboundIdentifier,
        Instant createdAt) {

    @Override
    public String toString() {
        return "InteractionCreatedEvent[interactionSid=" + interactionSid + ", sessionSid=" + sessionSid + "]";
    }
}
