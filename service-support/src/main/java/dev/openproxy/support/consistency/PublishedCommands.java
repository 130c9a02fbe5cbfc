package dev.openproxy.support.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.support.kafka.KafkaPublishing;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Read-your-writes across services, upstream half: sends a command and returns only once the events it stored
 * are on Kafka (the {@code kafka-publisher} tracking processor has passed them). A client that creates a Session
 * and at once adds a Participant thus finds the session's event on Kafka before participant-service looks for it
 * (which waits for its projection with {@link ProjectionCatchUp}). Bounded: if Kafka is down, the write has
 * succeeded anyway and the answer goes out after the timeout.
 */
public class PublishedCommands {

    private static final Logger log = LoggerFactory.getLogger(PublishedCommands.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final Duration timeout;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    public PublishedCommands(CommandGateway commands, JdbcTemplate jdbc, Duration timeout) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.timeout = timeout;
    }

    /** Sends the command, waits for its result, then for its events to be published. */
    public <R> R send(Object command) {
        R result = commands.sendAndWait(command);
        String aggregateId = targets.resolveTarget(GenericCommandMessage.asCommandMessage(command)).getIdentifier();
        awaitPublished(aggregateId);
        return result;
    }

    private void awaitPublished(String aggregateId) {
        Long lastEvent = jdbc.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, aggregateId);
        if (lastEvent == null) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!published(lastEvent)) {
            if (System.nanoTime() > deadline) {
                log.warn("Events of {} not on Kafka after {}: answering anyway; they follow when Kafka is reachable",
                        aggregateId, timeout);
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the publisher's token (a gap-aware token: position and skipped positions) covers the event. */
    private boolean published(long globalIndex) {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ?",
                byte[].class, KafkaPublishing.PROCESSING_GROUP);
        for (byte[] token : tokens) {
            if (token == null) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(token);
                if (node.path("index").asLong(-1) < globalIndex) {
                    continue;
                }
                boolean gap = false;
                for (JsonNode g : node.path("gaps")) {
                    gap |= g.asLong() == globalIndex;
                }
                if (!gap) {
                    return true;
                }
            } catch (IOException e) {
                return true; // a token we cannot read: do not hold the answer back for it
            }
        }
        return false;
    }
}
