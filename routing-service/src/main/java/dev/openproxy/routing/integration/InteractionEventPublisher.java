package dev.openproxy.routing.integration;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.interaction.InboundOutOfSessionEvent;
import dev.openproxy.contracts.events.interaction.InteractionBlockedEvent;
import dev.openproxy.contracts.events.interaction.InteractionContentErasedEvent;
import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import dev.openproxy.contracts.events.interaction.InteractionDeletedEvent;
import dev.openproxy.contracts.events.interaction.InteractionLegStatusChangedEvent;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.support.kafka.KafkaPublishing;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * routing-service's events -> openproxy.interactions.v1; key = session SID, subject = interaction SID. An
 * out-of-session contact has no session: key = Service SID, subject = the carrier's resource SID.
 */
@Component
@ProcessingGroup(KafkaPublishing.PROCESSING_GROUP)
public class InteractionEventPublisher {

    private final IntegrationEventPublisher publisher;

    public InteractionEventPublisher(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(InteractionCreatedEvent event, EventMessage<?> message) {
        publisher.publish(Topics.INTERACTIONS, event.sessionSid(), EventTypes.INTERACTION_CREATED, event.interactionSid(),
                event.accountSid(), message);
    }

    @EventHandler
    void on(InteractionLegStatusChangedEvent event, EventMessage<?> message) {
        publisher.publish(Topics.INTERACTIONS, event.sessionSid(), EventTypes.INTERACTION_LEG_STATUS_CHANGED,
                event.interactionSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(InteractionDeletedEvent event, EventMessage<?> message) {
        publisher.publish(Topics.INTERACTIONS, event.sessionSid(), EventTypes.INTERACTION_DELETED, event.interactionSid(),
                event.accountSid(), message);
    }

    @EventHandler
    void on(InteractionContentErasedEvent event, EventMessage<?> message) {
        publisher.publish(Topics.INTERACTIONS, event.sessionSid(), EventTypes.INTERACTION_CONTENT_ERASED,
                event.interactionSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(InteractionBlockedEvent event, EventMessage<?> message) {
        publisher.publish(Topics.INTERACTIONS, event.sessionSid(), EventTypes.INTERACTION_BLOCKED, event.interactionSid(),
                event.accountSid(), message);
    }

    @EventHandler
    void on(InboundOutOfSessionEvent event, EventMessage<?> message) {
        publisher.publish(Topics.INTERACTIONS, event.serviceSid(), EventTypes.INBOUND_OUT_OF_SESSION, event.resourceSid(),
                event.accountSid(), message);
    }
}
