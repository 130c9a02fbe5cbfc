package dev.openproxy.routing.interaction;

import dev.openproxy.contracts.events.interaction.InteractionDeletedEvent;
import dev.openproxy.support.personal.PersonalDataKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Interaction DELETE erases it, in the command's transaction (a subscribing handler, like the projection): its key
 * is destroyed, so the body and partner number of its {@code InteractionCreatedEvent} can no longer be decrypted in
 * the event store or on Kafka (they are encrypted under the Interaction's own scope, ADR 0012), and its content goes
 * from this service's tables. The Session's other Interactions keep theirs. Idempotent, so a replay changes nothing.
 */
@Component
@ProcessingGroup("interactions")
public class InteractionErasure {

    private final PersonalDataKeys keys;
    private final InteractionContent content;

    public InteractionErasure(PersonalDataKeys keys, InteractionContent content) {
        this.keys = keys;
        this.content = content;
    }

    @EventHandler
    void on(InteractionDeletedEvent event) {
        content.eraseOfInteraction(event.interactionSid());
        keys.erase(event.interactionSid());
    }
}
