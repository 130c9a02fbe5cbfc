package dev.openproxy.routing.directory;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.contracts.events.service.ServiceSettings;
import dev.openproxy.contracts.events.service.ServiceUpdatedEvent;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.support.kafka.IncomingEvents;
import dev.openproxy.support.personal.PersonalDataKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/** openproxy.services.v1 -> known_services (the Service's webhook URLs). */
@Component
public class ServiceEventsListener extends StoredPositions implements KafkaFedProjection {

    private final ProjectionOffsets offsets;
    private final RoutingRepository repository;
    private final PersonalDataKeys keys;

    public ServiceEventsListener(JdbcTemplate jdbc, ProjectionOffsets offsets, RoutingRepository repository, PersonalDataKeys keys) {
        super(jdbc, Projections.SERVICES);
        this.offsets = offsets;
        this.repository = repository;
        this.keys = keys;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.SERVICES);
    }

    @KafkaListener(topics = Topics.SERVICES, groupId = Projections.SERVICES)
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(Projections.SERVICES, record)) {
            return;
        }
        IncomingEvents.read(record).ifPresent(event -> {
            switch (event.type()) {
                case EventTypes.SERVICE_CREATED -> {
                    ServiceCreatedEvent created = event.as(ServiceCreatedEvent.class);
                    upsert(created.serviceSid(), created.accountSid(), created.settings());
                }
                case EventTypes.SERVICE_UPDATED -> {
                    ServiceUpdatedEvent updated = event.as(ServiceUpdatedEvent.class);
                    upsert(updated.serviceSid(), updated.accountSid(), updated.settings());
                }
                case EventTypes.SERVICE_DELETED -> {
                    String serviceSid = event.as(ServiceDeletedEvent.class).serviceSid();
                    for (String sessionSid : repository.sessionSidsOfService(serviceSid)) {
                        repository.deleteSession(sessionSid);
                        keys.erase(sessionSid);
                    }
                    repository.deleteService(serviceSid);
                }
                default -> {
                    // future types
                }
            }
        });
    }

    private void upsert(String serviceSid, String accountSid, ServiceSettings settings) {
        ServiceSettings s = settings == null ? new ServiceSettings(null, 0, null, null, null, null, null, null) : settings;
        repository.upsertService(serviceSid, accountSid, s.callbackUrl(), s.interceptCallbackUrl(), s.outOfSessionCallbackUrl());
    }
}
