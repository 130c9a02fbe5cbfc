package dev.openproxy.routing.interaction;

import dev.openproxy.contracts.events.interaction.InteractionContentErasedEvent;
import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import dev.openproxy.contracts.events.interaction.InteractionDeletedEvent;
import dev.openproxy.contracts.events.interaction.InteractionLegStatusChangedEvent;
import dev.openproxy.support.projection.RebuildMode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Subscribing projection, in the command's transaction: {@code interactions} (unique per inbound resource SID, so a
 * concurrent duplicate webhook's command fails and stores nothing) and the outbox row of the relayed SMS, whose
 * sender is woken once the command's transaction has committed ({@link OutboxRowAdded}). In a projection rebuild
 * ({@link RebuildMode}) only {@code interactions} is written: the outbox is write-side state (a replay must not send
 * an SMS again), and an interaction of a Session no longer known (deleted, with its interactions) is not restored;
 * the Kafka-fed {@code known_sessions} is rebuilt before this replays.
 */
@Component
@ProcessingGroup("interactions")
public class InteractionProjection {

    public static final String UNIQUE_INBOUND = "interactions_inbound_resource";

    private final JdbcTemplate jdbc;
    private final RebuildMode rebuild;
    private final ApplicationEventPublisher events;

    public InteractionProjection(JdbcTemplate jdbc, RebuildMode rebuild, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.rebuild = rebuild;
        this.events = events;
    }

    @EventHandler
    void on(InteractionCreatedEvent event) {
        if (rebuild.isOn() && !sessionKnown(event.sessionSid())) {
            return;
        }
        insertInteraction(event);
        if (Interaction.MESSAGE.equals(event.type()) && !rebuild.isOn()) {
            Timestamp at = Timestamp.from(event.createdAt());
            jdbc.update("INSERT INTO outbound_messages (interaction_sid, session_sid, from_number, to_number, body, status, "
                            + "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
                    event.interactionSid(), event.sessionSid(), event.outboundProxyIdentifier(),
                    event.outboundIdentifier(), body(event.data()), at, at);
            // After commit only: before it the sender could not see the row; on rollback there is none.
            CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(committed -> events.publishEvent(new OutboxRowAdded())));
        }
    }

    private boolean sessionKnown(String sessionSid) {
        return !jdbc.queryForList("SELECT 1 FROM known_sessions WHERE sid = ?", Integer.class, sessionSid).isEmpty();
    }

    private void insertInteraction(InteractionCreatedEvent event) {
        Timestamp at = Timestamp.from(event.createdAt());
        jdbc.update("INSERT INTO interactions (sid, session_sid, service_sid, account_sid, type, data, "
                        + "inbound_participant_sid, inbound_resource_sid, inbound_resource_type, inbound_resource_status, "
                        + "outbound_participant_sid, outbound_resource_type, date_created, date_updated) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.interactionSid(), event.sessionSid(), event.serviceSid(), event.accountSid(), event.type(),
                event.data(), event.inboundParticipantSid(), event.inboundResourceSid(), event.inboundResourceType(),
                event.inboundResourceStatus(), event.outboundParticipantSid(), event.outboundResourceType(), at, at);
    }

    @EventHandler
    void on(InteractionLegStatusChangedEvent event) {
        Timestamp at = Timestamp.from(event.changedAt());
        if (Interaction.OUTBOUND.equals(event.leg())) {
            jdbc.update("UPDATE interactions SET outbound_resource_sid = COALESCE(?, outbound_resource_sid), "
                    + "outbound_resource_status = ?, date_updated = ? WHERE sid = ?", event.resourceSid(), event.status(),
                    at, event.interactionSid());
            if (event.attempts() > 0 && !rebuild.isOn()) {
                // The carrier call ended (accepted or failed for good): the outbox row is done; drop its personal data.
                jdbc.update("UPDATE outbound_messages SET status = ?, attempts = ?, body = NULL, to_number = NULL "
                                + "WHERE interaction_sid = ?", "failed".equals(event.status()) ? "failed" : "sent",
                        event.attempts(), event.interactionSid());
            }
        } else {
            jdbc.update("UPDATE interactions SET inbound_resource_sid = COALESCE(?, inbound_resource_sid), "
                    + "inbound_resource_status = ?, date_updated = ? WHERE sid = ?", event.resourceSid(), event.status(),
                    at, event.interactionSid());
        }
        if (event.duration() != null) {
            recordDuration(event);
        }
    }

    /**
     * A voice interaction's {@code data} becomes {@code {"duration":N}}. The dialled leg's duration (the conversation)
     * wins over the inbound call's, which also counts the time before the partner answered: the inbound one is only
     * taken while no duration is known. A deleted interaction keeps no data, nor does one whose session's content
     * retention has erased (a call that outlasted it), nor one retention erased alone, its key destroyed, while it
     * works through a large session over several rounds.
     */
    private void recordDuration(InteractionLegStatusChangedEvent event) {
        String onlyIfUnknown = Interaction.OUTBOUND.equals(event.leg()) ? "" : " AND data IS NULL";
        jdbc.update("UPDATE interactions SET data = ? WHERE sid = ? AND type = ? AND NOT deleted" + onlyIfUnknown
                        + " AND NOT EXISTS (SELECT 1 FROM known_sessions s WHERE s.sid = interactions.session_sid "
                        + "AND s.content_erased_at IS NOT NULL)"
                        + " AND NOT EXISTS (SELECT 1 FROM personal_data_keys k WHERE k.scope_id = interactions.sid "
                        + "AND k.erased_at IS NOT NULL)",
                Interaction.voiceData(event.duration()), event.interactionSid(), Interaction.VOICE);
    }

    @EventHandler
    void on(InteractionDeletedEvent event) {
        jdbc.update("UPDATE interactions SET deleted = TRUE, data = NULL, date_updated = ? WHERE sid = ?",
                Timestamp.from(event.deletedAt()), event.interactionSid());
    }

    /**
     * Retention: the API shows {@code "data": null}, as it did before the event existed ({@link InteractionContent},
     * which the job runs too, and which clears the outbox and the sandbox log). {@code date_updated} stays: the
     * Interaction itself did not change.
     */
    @EventHandler
    void on(InteractionContentErasedEvent event) {
        jdbc.update("UPDATE interactions SET data = NULL WHERE sid = ? AND data IS NOT NULL", event.interactionSid());
    }

    private static String body(String data) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(data).path("body").asText("");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("interaction data is not JSON");
        }
    }
}
