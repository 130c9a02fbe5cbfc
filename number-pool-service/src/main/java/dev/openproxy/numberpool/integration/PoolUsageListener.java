package dev.openproxy.numberpool.integration;

import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.contracts.events.CloudEvent;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.participant.ParticipantRemovedEvent;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.numberpool.metrics.PoolMetrics;
import dev.openproxy.numberpool.usage.PoolUsageRepository;
import dev.openproxy.support.consistency.ProjectionOffsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * Keeps each pool number's {@code in_use} (open or in-progress sessions using it) and active participant count from
 * {@code openproxy.participants.v1} and {@code openproxy.sessions.v1}. Idempotent: each record is applied once, in the
 * same transaction as its offset ({@link ProjectionOffsets}); and the counts are recounted from facts, not incremented,
 * so the relative order of the two topics does not matter.
 */
@Component
public class PoolUsageListener extends StoredPositions implements KafkaFedProjection {

    /** Consumer group and {@code projection_offsets} name. */
    public static final String CONSUMER = "number-pool.pool-usage";

    private static final Logger log = LoggerFactory.getLogger(PoolUsageListener.class);

    private final ProjectionOffsets offsets;
    private final PoolUsageRepository usage;
    private final PoolMetrics metrics;

    public PoolUsageListener(ProjectionOffsets offsets, PoolUsageRepository usage, PoolMetrics metrics, JdbcTemplate jdbc) {
        super(jdbc, CONSUMER);
        this.offsets = offsets;
        this.usage = usage;
        this.metrics = metrics;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.PARTICIPANTS, Topics.SESSIONS);
    }

    @KafkaListener(id = CONSUMER, groupId = CONSUMER, topics = {Topics.PARTICIPANTS, Topics.SESSIONS})
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(CONSUMER, record)) {
            return; // seen before
        }
        CloudEventReader.read(record).ifPresent(event -> {
            try {
                apply(event);
            } catch (CloudEventReader.UnreadableData e) {
                log.warn("Skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        });
    }

    private void apply(CloudEvent event) {
        switch (event.type()) {
            case EventTypes.PARTICIPANT_ADDED -> {
                ParticipantAddedEvent added = CloudEventReader.data(event, ParticipantAddedEvent.class);
                if (added.proxyIdentifierSid() != null) {
                    usage.assign(added.participantSid(), added.sessionSid(), added.serviceSid(), added.proxyIdentifierSid());
                    recount(List.of(added.proxyIdentifierSid()));
                }
            }
            case EventTypes.PARTICIPANT_REMOVED -> {
                ParticipantRemovedEvent removed = CloudEventReader.data(event, ParticipantRemovedEvent.class);
                usage.unassign(removed.participantSid()).ifPresent(number -> recount(List.of(number)));
            }
            case EventTypes.SESSION_CREATED -> {
                SessionCreatedEvent created = CloudEventReader.data(event, SessionCreatedEvent.class);
                usage.sessionState(created.sessionSid(), created.serviceSid(), PoolUsageRepository.ACTIVE);
                recount(usage.numbersOfSession(created.sessionSid()));
            }
            case EventTypes.SESSION_CLOSED -> {
                SessionClosedEvent closed = CloudEventReader.data(event, SessionClosedEvent.class);
                usage.sessionState(closed.sessionSid(), closed.serviceSid(), PoolUsageRepository.CLOSED);
                recount(usage.numbersOfSession(closed.sessionSid()));
            }
            case EventTypes.SESSION_REOPENED -> {
                SessionReopenedEvent reopened = CloudEventReader.data(event, SessionReopenedEvent.class);
                usage.sessionState(reopened.sessionSid(), reopened.serviceSid(), PoolUsageRepository.ACTIVE);
                recount(usage.numbersOfSession(reopened.sessionSid()));
            }
            case EventTypes.SESSION_DELETED -> {
                SessionDeletedEvent deleted = CloudEventReader.data(event, SessionDeletedEvent.class);
                usage.sessionState(deleted.sessionSid(), deleted.serviceSid(), PoolUsageRepository.DELETED);
                List<String> affected = usage.numbersOfSession(deleted.sessionSid());
                usage.forgetSession(deleted.sessionSid());
                recount(affected);
            }
            default -> {
                // session.expiry-changed and types added later: no effect on usage
            }
        }
    }

    private void recount(List<String> phoneNumberSids) {
        for (String sid : phoneNumberSids) {
            usage.recount(sid).ifPresent(metrics::usageChanged);
        }
    }
}
