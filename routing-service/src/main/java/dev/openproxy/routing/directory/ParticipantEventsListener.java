package dev.openproxy.routing.directory;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.participant.ParticipantRemovedEvent;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.support.kafka.IncomingEvents;
import dev.openproxy.support.personal.PersonalDataReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * openproxy.participants.v1 -> routing_table. Identifiers arrive encrypted with participant-service's session key
 * (ADR 0012); one whose session was deleted meanwhile reads as null and makes no route.
 */
@Component
public class ParticipantEventsListener extends StoredPositions implements KafkaFedProjection {

    private final ProjectionOffsets offsets;
    private final RoutingRepository repository;
    private final PersonalDataReader personalData;

    public ParticipantEventsListener(JdbcTemplate jdbc, ProjectionOffsets offsets, RoutingRepository repository,
                                     PersonalDataReader personalData) {
        super(jdbc, Projections.PARTICIPANTS);
        this.offsets = offsets;
        this.repository = repository;
        this.personalData = personalData;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.PARTICIPANTS);
    }

    @KafkaListener(topics = Topics.PARTICIPANTS, groupId = Projections.PARTICIPANTS)
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(Projections.PARTICIPANTS, record)) {
            return;
        }
        IncomingEvents.read(record).ifPresent(event -> {
            switch (event.type()) {
                case EventTypes.PARTICIPANT_ADDED -> {
                    ParticipantAddedEvent added = personalData.decrypt(event.source(), event.as(ParticipantAddedEvent.class));
                    if (added.identifier() != null && added.proxyIdentifier() != null) {
                        repository.insertParticipant(added.participantSid(), added.sessionSid(), added.serviceSid(),
                                added.accountSid(), added.identifier(), added.proxyIdentifier());
                    }
                }
                case EventTypes.PARTICIPANT_REMOVED ->
                        repository.removeParticipant(event.as(ParticipantRemovedEvent.class).participantSid());
                default -> {
                    // future types
                }
            }
        });
    }
}
