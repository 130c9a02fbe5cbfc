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
import java.util.function.BooleanSupplier;

/**
 * Read-your-writes across services, upstream half: sends a command and returns only once the events it stored
 * are on Kafka (the {@code kafka-publisher} tracking processor has passed them). A client that creates a Session
 * and at once adds a Participant thus finds the session's event on Kafka before participant-service looks for it
 * (which waits for its projection with {@link ProjectionCatchUp}). Bounded: if Kafka is down, the write has
 * succeeded anyway and the answer goes out after the timeout.
 *
 * <p>How it learns that the events are out (docs/adr/0013-publisher-wake-up-and-batches.md): the publisher of this
 * JVM wakes the waiting thread after each committed batch ({@link PublisherProgress}), with no database access. The
 * stored token in {@code token_entry} is read as well, with backoff, because the publisher's token may be owned by
 * another replica (then nothing is signalled here): soon and then less often when this JVM does not run the
 * publisher, rarely when it does (only a safety net, e.g. if ownership moved while waiting). No thread holds a
 * database connection while it waits.
 */
public class PublishedCommands {

    private static final Logger log = LoggerFactory.getLogger(PublishedCommands.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** First read of the stored token when another replica publishes: about one publisher round trip. */
    static final long FIRST_CHECK_ELSEWHERE_MILLIS = 10;
    /** First read of the stored token when this JVM publishes and should have signalled long before. */
    static final long FIRST_CHECK_HERE_MILLIS = 250;
    static final long MAX_CHECK_INTERVAL_MILLIS = 250;

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final PublisherProgress progress;
    private final BooleanSupplier publishesHere;
    private final Duration timeout;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    /**
     * @param publishesHere whether this JVM currently runs the publisher's segment (and so signals {@code progress})
     */
    public PublishedCommands(CommandGateway commands, JdbcTemplate jdbc, PublisherProgress progress,
                             BooleanSupplier publishesHere, Duration timeout) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.progress = progress;
        this.publishesHere = publishesHere;
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
        if (lastEvent == null || progress.covers(lastEvent)) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long checkIn = publishesHere.getAsBoolean() ? FIRST_CHECK_HERE_MILLIS : FIRST_CHECK_ELSEWHERE_MILLIS;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    log.warn("Events of {} not on Kafka after {}: answering anyway; they follow when Kafka is reachable",
                            aggregateId, timeout);
                    return;
                }
                if (progress.await(lastEvent, Math.min(checkIn, left)) || storedTokenCovers(lastEvent)) {
                    return;
                }
                checkIn = publishesHere.getAsBoolean() ? MAX_CHECK_INTERVAL_MILLIS
                        : Math.min(checkIn * 2, MAX_CHECK_INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the stored token (a gap-aware token: position and skipped positions) of any segment covers the event. */
    private boolean storedTokenCovers(long globalIndex) {
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
