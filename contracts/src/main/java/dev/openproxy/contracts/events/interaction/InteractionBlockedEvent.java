package dev.openproxy.contracts.events.interaction;

import java.time.Instant;

/**
 * The Service's InterceptCallbackUrl answered 403 to an inbound message or call: it was not relayed, and no
 * Interaction is listed for it (Twilio's warning 80909, Inbound Contact Rejected). The SID is the one the Interaction
 * would have had, so a retried webhook finds it taken and is not relayed either.
 *
 * @param type               {@code message} or {@code voice}
 * @param inboundResourceSid the carrier's SID of the blocked message or call
 * @param errorCode          80909
 */
public record InteractionBlockedEvent(
        String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        String type,
        String inboundParticipantSid,
        String inboundResourceSid,
        int errorCode,
        Instant blockedAt) {
}
