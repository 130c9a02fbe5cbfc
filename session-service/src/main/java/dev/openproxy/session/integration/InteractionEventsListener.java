package dev.openproxy.session.integration;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import dev.openproxy.session.sessions.api.RecordInteractionCommand;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.kafka.IncomingEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * openproxy.interactions.v1 -> the session's last interaction (Ttl clock, open -> in-progress). The offset is
 * marked in the same transaction as the command's events, so a redelivered record changes nothing.
 */
@Component
public class InteractionEventsListener extends StoredPositions {

    static final String CONSUMER = "session-service.interactions";

    private final ProjectionOffsets offsets;
    private final CommandGateway commands;

    public InteractionEventsListener(JdbcTemplate jdbc, ProjectionOffsets offsets, CommandGateway commands) {
        super(jdbc, CONSUMER);
        this.offsets = offsets;
        this.commands = commands;
    }

    @KafkaListener(topics = Topics.INTERACTIONS, groupId = CONSUMER)
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(CONSUMER, record)) {
            return;
        }
        IncomingEvents.read(record)
                .filter(event -> EventTypes.INTERACTION_CREATED.equals(event.type()))
                .map(event -> event.as(InteractionCreatedEvent.class))
                .ifPresent(this::record);
    }

    private void record(InteractionCreatedEvent created) {
        try {
            commands.sendAndWait(new RecordInteractionCommand(created.sessionSid(), created.interactionSid(),
                    created.createdAt()));
        } catch (AggregateNotFoundException deletedOrUnknown) {
            // The session was deleted meanwhile (or never existed here): nothing to keep alive.
        }
    }
}
