package dev.openproxy.support.consistency;

import dev.openproxy.support.web.TwilioApiException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Read-your-writes across services, downstream half. A write answered by another service is already on Kafka
 * (see {@link PublishedCommands}); before this service answers "not found" or "conflict" from a Kafka-fed
 * projection, it waits, bounded, until the projection has applied everything that is on the topic now. Only
 * misses and conflicts pay this wait; a projection that is current returns at once.
 */
public class ProjectionCatchUp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCatchUp.class);

    private static final Duration PARTITIONS_CACHE = Duration.ofMinutes(1);
    private static final long FIRST_DATABASE_PAUSE = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LONGEST_DATABASE_PAUSE = TimeUnit.MILLISECONDS.toNanos(200);

    private final Map<String, CachedPartitions> partitions = new java.util.concurrent.ConcurrentHashMap<>();
    private final AdminClient admin;
    private final ProjectionOffsets offsets;
    private final Duration timeout;

    public ProjectionCatchUp(AdminClient admin, ProjectionOffsets offsets, Duration timeout) {
        this.admin = admin;
        this.offsets = offsets;
        this.timeout = timeout;
    }

    /**
     * A lookup in a Kafka-fed projection whose miss is only an answer once the projection has caught up. If it could
     * not within the timeout (for example just after a restart, while the listener replays its topic), "not found"
     * could be wrong for a resource that exists: the miss becomes 503 (20503) and the client retries, as after any
     * other transient failure.
     */
    public <T> Optional<T> findAfterCatchUp(String consumer, String topic, Supplier<Optional<T>> lookup) {
        Optional<T> found = lookup.get();
        if (found.isPresent()) {
            return found;
        }
        boolean caughtUp = awaitCaughtUp(consumer, topic);
        found = lookup.get();
        if (found.isEmpty() && !caughtUp) {
            throw TwilioApiException.unavailable("OpenProxy is catching up with recent changes, please retry");
        }
        return found;
    }

    /**
     * @param consumer the projection's name, as given to {@link ProjectionOffsets#markApplied}
     * @return true when the projection has caught up with the topic's end as of this call; false on timeout
     */
    public boolean awaitCaughtUp(String consumer, String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, Long> ends;
        try {
            ends = endOffsets(topic);
        } catch (Exception e) {
            log.warn("Could not read the end offsets of {}: answering from the projection as it is ({})", topic, e.toString());
            return false;
        }
        // Our own listener's commits wake this wait (see ProjectionOffsets); the table is read first, then with a
        // growing pause, only for partitions another replica applies.
        long databasePause = FIRST_DATABASE_PAUSE;
        long nextDatabaseRead = System.nanoTime();
        while (true) {
            if (caughtUp(ends, offsets.knownAppliedOffsets(consumer, topic))) {
                return true;
            }
            long now = System.nanoTime();
            if (now >= nextDatabaseRead) {
                if (caughtUp(ends, offsets.appliedOffsets(consumer, topic))) {
                    return true;
                }
                nextDatabaseRead = now + databasePause;
                databasePause = Math.min(databasePause * 2, LONGEST_DATABASE_PAUSE);
            }
            if (now > deadline) {
                log.warn("Projection {} did not catch up with {} within {}", consumer, topic, timeout);
                return false;
            }
            try {
                offsets.awaitProgress(Math.min(nextDatabaseRead, deadline) - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static boolean caughtUp(Map<Integer, Long> ends, Map<Integer, Long> applied) {
        return ends.entrySet().stream()
                .allMatch(end -> end.getValue() == 0 || applied.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    private Map<Integer, Long> endOffsets(String topic) throws Exception {
        long seconds = Math.max(1, timeout.toSeconds());
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitionsOf(topic, seconds).forEach(p -> request.put(new TopicPartition(topic, p), OffsetSpec.latest()));
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get(seconds, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    /**
     * A topic's partitions, looked up once a minute: one admin round trip less on every call (partition counts are
     * chosen once, see TopicProperties).
     */
    private java.util.List<Integer> partitionsOf(String topic, long timeoutSeconds) throws Exception {
        CachedPartitions cached = partitions.get(topic);
        if (cached != null && cached.until() > System.nanoTime()) {
            return cached.partitions();
        }
        TopicDescription description = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                .get(timeoutSeconds, TimeUnit.SECONDS).get(topic);
        java.util.List<Integer> found = description.partitions().stream().map(p -> p.partition()).toList();
        partitions.put(topic, new CachedPartitions(found, System.nanoTime() + PARTITIONS_CACHE.toNanos()));
        return found;
    }

    private record CachedPartitions(java.util.List<Integer> partitions, long until) {
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
