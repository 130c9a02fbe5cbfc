package dev.openproxy.participant.integration;

import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.support.kafka.IncomingEvents;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.contracts.events.service.ServiceSettings;
import dev.openproxy.contracts.events.service.ServiceUpdatedEvent;
import dev.openproxy.participant.directory.DirectoryRepository;
import dev.openproxy.participant.directory.KnownService;
import dev.openproxy.participant.directory.Projections;
import dev.openproxy.participant.pairs.ActivePairs;
import dev.openproxy.participant.participants.query.ParticipantRepository;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.personal.PersonalDataKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/** openproxy.services.v1 -> {@code known_services}: owner, GeoMatchLevel and NumberSelectionBehavior. */
@Component
public class ServiceEventsListener extends StoredPositions implements KafkaFedProjection {

    private final ProjectionOffsets offsets;
    private final DirectoryRepository directory;
    private final ActivePairs pairs;
    private final ParticipantRepository participants;
    private final PersonalDataKeys keys;

    public ServiceEventsListener(JdbcTemplate jdbc, ProjectionOffsets offsets, DirectoryRepository directory, ActivePairs pairs,
                                 ParticipantRepository participants, PersonalDataKeys keys) {
        super(jdbc, Projections.SERVICE_DIRECTORY);
        this.offsets = offsets;
        this.directory = directory;
        this.pairs = pairs;
        this.participants = participants;
        this.keys = keys;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.SERVICES);
    }

    @KafkaListener(topics = Topics.SERVICES, groupId = Projections.SERVICE_DIRECTORY)
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(Projections.SERVICE_DIRECTORY, record)) {
            return;
        }
        IncomingEvents.read(record).ifPresent(event -> {
            switch (event.type()) {
                case EventTypes.SERVICE_CREATED -> {
                    ServiceCreatedEvent created = event.as(ServiceCreatedEvent.class);
                    directory.upsertService(known(created.serviceSid(), created.accountSid(), created.settings()));
                }
                case EventTypes.SERVICE_UPDATED -> {
                    ServiceUpdatedEvent updated = event.as(ServiceUpdatedEvent.class);
                    directory.upsertService(known(updated.serviceSid(), updated.accountSid(), updated.settings()));
                }
                case EventTypes.SERVICE_DELETED -> deleted(event.as(ServiceDeletedEvent.class).serviceSid());
                default -> {
                    // another event type on this topic: not needed here
                }
            }
        });
    }

    /** Its sessions are normally deleted one by one before; this removes whatever is left, on any topic order. */
    private void deleted(String serviceSid) {
        for (String sessionSid : directory.sessionSidsOfService(serviceSid)) {
            directory.setSessionStatus(sessionSid, "closed");
            pairs.releaseSession(sessionSid);
            participants.deleteAllOfSession(sessionSid);
            directory.deleteSession(sessionSid);
            keys.erase(sessionSid);
        }
        directory.deletePoolOfService(serviceSid);
        directory.deleteService(serviceSid);
    }

    private static KnownService known(String serviceSid, String accountSid, ServiceSettings settings) {
        return new KnownService(serviceSid, accountSid,
                settings.geoMatchLevel() == null ? "country" : settings.geoMatchLevel(),
                settings.numberSelectionBehavior() == null ? "prefer-sticky" : settings.numberSelectionBehavior());
    }
}
