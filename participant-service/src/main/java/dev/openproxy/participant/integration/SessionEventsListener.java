package dev.openproxy.participant.integration;

import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.support.kafka.IncomingEvents;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.participant.directory.DirectoryRepository;
import dev.openproxy.participant.directory.KnownSession;
import dev.openproxy.participant.directory.Projections;
import dev.openproxy.participant.pairs.ActivePairs;
import dev.openproxy.participant.pairs.SessionStatuses;
import dev.openproxy.participant.participants.query.ParticipantRepository;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.personal.PersonalDataKeys;
import dev.openproxy.support.projection.RebuildMode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * openproxy.sessions.v1 -> {@code known_sessions}, and the pair rule's other half: a session that closes or is
 * deleted frees its pairs in the same transaction. The status update comes first and takes the session row's lock,
 * which a participant being added holds (shared) while it reserves its pair: either that participant's pair is
 * committed first and freed here with the others, or the participant sees the session closed. In a projection
 * rebuild ({@link RebuildMode}) pairs are left alone: {@code active_pairs} is write-side state, already as the
 * history left it, and a replayed close must not free the pairs of a session that was re-opened since.
 */
@Component
public class SessionEventsListener extends StoredPositions implements KafkaFedProjection {

    private final ProjectionOffsets offsets;
    private final DirectoryRepository directory;
    private final ActivePairs pairs;
    private final ParticipantRepository participants;
    private final PersonalDataKeys keys;
    private final RebuildMode rebuild;

    public SessionEventsListener(JdbcTemplate jdbc, ProjectionOffsets offsets, DirectoryRepository directory, ActivePairs pairs,
                                 ParticipantRepository participants, PersonalDataKeys keys, RebuildMode rebuild) {
        super(jdbc, Projections.SESSION_DIRECTORY);
        this.offsets = offsets;
        this.directory = directory;
        this.pairs = pairs;
        this.participants = participants;
        this.keys = keys;
        this.rebuild = rebuild;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.SESSIONS);
    }

    @KafkaListener(topics = Topics.SESSIONS, groupId = Projections.SESSION_DIRECTORY)
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(Projections.SESSION_DIRECTORY, record)) {
            return;
        }
        IncomingEvents.read(record).ifPresent(event -> {
            switch (event.type()) {
                case EventTypes.SESSION_CREATED -> {
                    SessionCreatedEvent created = event.as(SessionCreatedEvent.class);
                    directory.insertSession(new KnownSession(created.sessionSid(), created.serviceSid(),
                            created.accountSid(), created.mode() == null ? "voice-and-message" : created.mode(),
                            created.status() == null ? SessionStatuses.OPEN : created.status()));
                }
                case EventTypes.SESSION_CLOSED -> {
                    String sessionSid = event.as(SessionClosedEvent.class).sessionSid();
                    directory.setSessionStatus(sessionSid, SessionStatuses.CLOSED);
                    if (!rebuild.isOn()) {
                        pairs.releaseSession(sessionSid);
                    }
                }
                case EventTypes.SESSION_REOPENED -> {
                    String sessionSid = event.as(SessionReopenedEvent.class).sessionSid();
                    directory.setSessionStatus(sessionSid, SessionStatuses.IN_PROGRESS);
                    // No-op after session-service's reactivation call, which already took the pairs.
                    if (!rebuild.isOn()) {
                        pairs.restoreAfterReopen(sessionSid);
                    }
                }
                case EventTypes.SESSION_DELETED -> {
                    String sessionSid = event.as(SessionDeletedEvent.class).sessionSid();
                    directory.setSessionStatus(sessionSid, SessionStatuses.CLOSED);
                    pairs.releaseSession(sessionSid);
                    // Twilio: participants "are only permanently deleted when the Session is deleted".
                    participants.deleteAllOfSession(sessionSid);
                    directory.deleteSession(sessionSid);
                    // Crypto-shredding: the identifiers and names in this session's events, in the event store and
                    // on Kafka, become unreadable for good (docs/adr/0012-crypto-shredding.md).
                    keys.erase(sessionSid);
                }
                default -> {
                    // expiry changes and future event types: nothing participant-service needs
                }
            }
        });
    }
}
