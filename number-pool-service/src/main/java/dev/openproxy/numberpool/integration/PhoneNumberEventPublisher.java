package dev.openproxy.numberpool.integration;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberRemovedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberReservationChangedEvent;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.support.kafka.KafkaPublishing;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Publishes number-pool-service's events from its event store to {@code openproxy.phone-numbers.v1} (tracking
 * processor: the event store is the outbox). Key and subject: the PhoneNumber SID, so one number's events stay in
 * order. Formats: docs/events.md.
 */
@Component
@ProcessingGroup(KafkaPublishing.PROCESSING_GROUP)
public class PhoneNumberEventPublisher {

    private final IntegrationEventPublisher publisher;

    public PhoneNumberEventPublisher(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(PhoneNumberAddedEvent event, EventMessage<?> message) {
        publish(EventTypes.PHONE_NUMBER_ADDED, event.phoneNumberSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(PhoneNumberReservationChangedEvent event, EventMessage<?> message) {
        publish(EventTypes.PHONE_NUMBER_RESERVATION_CHANGED, event.phoneNumberSid(), event.accountSid(), message);
    }

    @EventHandler
    void on(PhoneNumberRemovedEvent event, EventMessage<?> message) {
        publish(EventTypes.PHONE_NUMBER_REMOVED, event.phoneNumberSid(), event.accountSid(), message);
    }

    private void publish(String type, String phoneNumberSid, String accountSid, EventMessage<?> message) {
        publisher.publish(Topics.PHONE_NUMBERS, phoneNumberSid, type, phoneNumberSid, accountSid, message);
    }
}
