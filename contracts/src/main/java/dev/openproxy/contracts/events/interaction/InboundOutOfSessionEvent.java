package dev.openproxy.contracts.events.interaction;

import java.time.Instant;

/**
 * An inbound message or call reached a Service's proxy number outside any open session (unknown sender, or a closed
 * session), and what became of it. Holds no phone number: consumers that need one have the carrier's resource SID.
 *
 * @param resourceSid        the carrier's SID of the message (SM...) or call (CA...)
 * @param resourceType       {@code message} or {@code call}
 * @param previousSessionSid the sender's last session on that proxy number, if any
 * @param outcome            {@code twiml} (the OutOfSessionCallbackUrl answered TwiML, passed to the carrier),
 *                           {@code session-created} (it answered auto-create JSON; the contact was then relayed),
 *                           {@code callback-failed} (80913), or {@code dropped} (no callback URL: 80905)
 * @param errorCode          Twilio's code of a failed or dropped contact (80905, 80913), else null
 * @param createdSessionSid  the session made by auto-create, else null
 */
public record InboundOutOfSessionEvent(
        String resourceSid,
        String resourceType,
        String serviceSid,
        String accountSid,
        String previousSessionSid,
        String outcome,
        Integer errorCode,
        String createdSessionSid,
        Instant receivedAt) {
}
