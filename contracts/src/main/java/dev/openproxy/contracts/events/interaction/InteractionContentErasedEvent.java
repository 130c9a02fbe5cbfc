package dev.openproxy.contracts.events.interaction;

import java.time.Instant;

/**
 * An Interaction's content (its {@code data} and the partner's number of its {@code InteractionCreatedEvent}) was
 * erased while the Interaction stays listed: routing-service destroyed its key in the transaction that stored this
 * event (ADR 0012, "Retention"). An erasure notice: consumers drop what they derived from that content. Holds no
 * personal data. Not sent for a deleted Interaction ({@link InteractionDeletedEvent} is its notice), nor twice.
 *
 * @param reason   why: {@link #RETENTION}, the Session closed longer than the retention period ago
 * @param erasedAt when, in whole seconds
 */
public record InteractionContentErasedEvent(
        String interactionSid,
        String sessionSid,
        String serviceSid,
        String accountSid,
        String reason,
        Instant erasedAt) {

    /** {@code openproxy.retention.interaction-content} after the Session closed (docs/privacy.md). */
    public static final String RETENTION = "retention";
}
