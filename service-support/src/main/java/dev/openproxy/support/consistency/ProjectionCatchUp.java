package dev.openproxy.support.consistency;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes across services, downstream half. A write answered by another service is already on Kafka
 * (see {@link PublishedCommands}); before this service answers "not found" or "conflict" from a Kafka-fed
 * projection, it waits, bounded, until the projection has applied everything that is on the topic now. Only
 * misses and conflicts pay this wait; a projection that is current returns at once.
 */
public class ProjectionCatchUp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCatchUp.class);

    private static final Duration PARTITIONS_CACHE = Duration.ofMinutes(1);

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
        while (true) {
            Map<Integer, Long> applied = offsets.appliedOffsets(consumer, topic);
            boolean caughtUp = ends.entrySet().stream()
                    .allMatch(end -> end.getValue() == 0 || applied.getOrDefault(end.getKey(), 0L) >= end.getValue());
            if (caughtUp) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                log.warn("Projection {} did not catch up with {} within {}", consumer, topic, timeout);
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
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
