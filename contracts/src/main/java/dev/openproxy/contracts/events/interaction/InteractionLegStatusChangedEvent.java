package dev.openproxy.contracts.events.interaction;

import java.time.Instant;

/**
 * One leg of an Interaction changed: the relayed leg was created at the carrier (its resource SID is now known), the
 * carrier reported a delivery status, or sending it failed for good.
 *
 * @param leg          {@code inbound} or {@code outbound}
 * @param resourceSid  the carrier's SID of the leg (SM..., CA...); null when the carrier never accepted it
 * @param status       Twilio's resource status: queued, sent, delivered, undelivered, failed, ...
 * @param errorCode    the carrier's HTTP status or Twilio error code when the leg failed; null otherwise
 * @param attempts     how many times the carrier was called for this leg so far (0 for status callbacks)
 * @param duration     seconds, for a call leg that completed and whose duration the carrier reported; null otherwise
 *                     (and in events stored before the field existed)
 */
public record InteractionLegStatusChangedEvent(
        String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        String leg,
        String resourceSid,
        String status,
        Integer errorCode,
        int attempts,
        Instant changedAt,
        Integer duration) {
}
