package dev.openproxy.session.integration;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.contracts.events.service.ServiceUpdatedEvent;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionExpiryChangedEvent;
import dev.openproxy.contracts.events.session.SessionInteractionRecordedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.support.kafka.KafkaPublishing;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Publishes session-service's events from its event store to Kafka (tracking processor: the event store is the
 * outbox). Service events are keyed by service SID, session events by session SID. Formats: docs/events.md.
 */
@Component
@ProcessingGroup(KafkaPublishing.PROCESSING_GROUP)
public class ServiceAndSessionEventPublisher {

    private final IntegrationEventPublisher publisher;

    public ServiceAndSessionEventPublisher(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(ServiceCreatedEvent event, EventMessage<?> message) {
        service(EventTypes.SERVICE_CREATED, event.serviceSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(ServiceUpdatedEvent event, EventMessage<?> message) {
        service(EventTypes.SERVICE_UPDATED, event.serviceSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(ServiceDeletedEvent event, EventMessage<?> message) {
        service(EventTypes.SERVICE_DELETED, event.serviceSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(SessionCreatedEvent event, EventMessage<?> message) {
        session(EventTypes.SESSION_CREATED, event.sessionSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(SessionExpiryChangedEvent event, EventMessage<?> message) {
        session(EventTypes.SESSION_EXPIRY_CHANGED, event.sessionSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(SessionClosedEvent event, EventMessage<?> message) {
        session(EventTypes.SESSION_CLOSED, event.sessionSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(SessionReopenedEvent event, EventMessage<?> message) {
        session(EventTypes.SESSION_REOPENED, event.sessionSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(SessionInteractionRecordedEvent event, EventMessage<?> message) {
        session(EventTypes.SESSION_INTERACTION_RECORDED, event.sessionSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(SessionDeletedEvent event, EventMessage<?> message) {
        session(EventTypes.SESSION_DELETED, event.sessionSid(), event.accountSid(), message);
    }

    private void service(String type, String serviceSid, String accountSid, EventMessage<?> message) {
        publisher.publish(Topics.SERVICES, serviceSid, type, serviceSid, accountSid, message);
    }

    private void session(String type, String sessionSid, String accountSid, EventMessage<?> message) {
        publisher.publish(Topics.SESSIONS, sessionSid, type, sessionSid, accountSid, message);
    }
}
