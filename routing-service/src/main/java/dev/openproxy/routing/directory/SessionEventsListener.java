package dev.openproxy.routing.directory;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.support.kafka.IncomingEvents;
import dev.openproxy.support.personal.PersonalDataKeys;
import dev.openproxy.support.personal.PersonalDataReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

/** openproxy.sessions.v1 -> known_sessions; a deleted session's routes and interactions go with it. */
@Component
public class SessionEventsListener extends StoredPositions implements KafkaFedProjection {

    private final ProjectionOffsets offsets;
    private final RoutingRepository repository;
    private final PersonalDataKeys keys;
    private final PersonalDataReader personalData;

    public SessionEventsListener(JdbcTemplate jdbc, ProjectionOffsets offsets, RoutingRepository repository, PersonalDataKeys keys,
                                 PersonalDataReader personalData) {
        super(jdbc, Projections.SESSIONS);
        this.offsets = offsets;
        this.repository = repository;
        this.keys = keys;
        this.personalData = personalData;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.SESSIONS);
    }

    @KafkaListener(topics = Topics.SESSIONS, groupId = Projections.SESSIONS)
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(Projections.SESSIONS, record)) {
            return;
        }
        IncomingEvents.read(record).ifPresent(event -> {
            switch (event.type()) {
                case EventTypes.SESSION_CREATED -> {
                    SessionCreatedEvent created = event.as(SessionCreatedEvent.class);
                    repository.insertSession(created.sessionSid(), created.serviceSid(), created.accountSid(),
                            created.mode() == null ? "voice-and-message" : created.mode(),
                            created.status() == null ? "open" : created.status());
                }
                case EventTypes.SESSION_CLOSED -> {
                    // closed_at starts the retention period of the interaction content (retention.RetentionJob).
                    SessionClosedEvent closed = event.as(SessionClosedEvent.class);
                    repository.closeSession(closed.sessionSid(), closed.endedAt() == null ? Instant.now() : closed.endedAt());
                }
                case EventTypes.SESSION_REOPENED ->
                        repository.reopenSession(event.as(SessionReopenedEvent.class).sessionSid());
                case EventTypes.SESSION_DELETED -> {
                    String sessionSid = event.as(SessionDeletedEvent.class).sessionSid();
                    repository.deleteSession(sessionSid);
                    // Crypto-shredding: the bodies and numbers in this session's interaction events, in the event
                    // store and on Kafka, become unreadable for good (docs/adr/0012-crypto-shredding.md).
                    keys.erase(sessionSid);
                    personalData.evict(sessionSid);
                }
                default -> {
                    // expiry changes and future types: not needed for routing
                }
            }
        });
    }
}
