package dev.openproxy.participant.integration;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.participant.ParticipantRemovedEvent;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.support.kafka.KafkaPublishing;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Publishes participant-service's events from its event store to openproxy.participants.v1 (tracking processor:
 * the event store is the outbox). Key = session SID, so one session's participant events stay in order; subject =
 * participant SID. Formats: docs/events.md.
 */
@Component
@ProcessingGroup(KafkaPublishing.PROCESSING_GROUP)
public class ParticipantEventPublisher {

    private final IntegrationEventPublisher publisher;

    public ParticipantEventPublisher(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(ParticipantAddedEvent event, EventMessage<?> message) {
        publisher.publish(Topics.PARTICIPANTS, event.sessionSid(), EventTypes.PARTICIPANT_ADDED, event.participantSid(),
                event.accountSid(), message);
    }

    @EventHandler
    void on(ParticipantRemovedEvent event, EventMessage<?> message) {
        publisher.publish(Topics.PARTICIPANTS, event.sessionSid(), EventTypes.PARTICIPANT_REMOVED,
                event.participantSid(), event.accountSid(), message);
    }
}
