package dev.openproxy.contracts.events.interaction;

import java.time.Instant;

/** An Interaction was deleted through the API (Twilio's DeleteInteraction); the legs at the carrier are untouched. */
public record InteractionDeletedEvent(
        String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        Instant deletedAt) {
}
