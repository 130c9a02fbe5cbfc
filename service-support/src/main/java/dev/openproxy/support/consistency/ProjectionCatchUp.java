package dev.openproxy.support.consistency;

import dev.openproxy.support.web.TwilioApiException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Read-your-writes across services, downstream half. A write answered by another service is already on Kafka
 * (see {@link PublishedCommands}); before this service answers "not found" or "conflict" from a Kafka-fed
 * projection, it waits, bounded, until the projection has applied everything that is on the topic now. Only
 * misses and conflicts pay this wait; a projection that is current returns at once. Concurrent callers share the
 * reads of a topic's end offsets ({@link SharedEndOffsets}), each using only a read that started after it arrived.
 */
public class ProjectionCatchUp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCatchUp.class);

    private static final Duration PARTITIONS_CACHE = Duration.ofMinutes(1);
    private static final long FIRST_DATABASE_PAUSE = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LONGEST_DATABASE_PAUSE = TimeUnit.MILLISECONDS.toNanos(200);

    private final Map<String, CachedPartitions> partitions = new ConcurrentHashMap<>();
    private final AdminClient admin;
    private final SharedEndOffsets endOffsets;
    private final ProjectionOffsets offsets;
    private final Duration timeout;

    public ProjectionCatchUp(AdminClient admin, ProjectionOffsets offsets, Duration timeout) {
        this.admin = admin;
        this.offsets = offsets;
        this.timeout = timeout;
        this.endOffsets = new SharedEndOffsets(this::readEndOffsets, Duration.ofMillis(adminTimeoutMillis()));
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
            ends = endOffsets.await(topic, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("Could not read the end offsets of {}: answering from the projection as it is ({})", topic, cause.toString());
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

    /** One read of the topic's end offsets, for {@link SharedEndOffsets}: it must not block (it may run on the admin client's thread). */
    private CompletableFuture<Map<Integer, Long>> readEndOffsets(String topic) {
        return partitionsOf(topic).thenCompose(found -> {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            found.forEach(p -> request.put(new TopicPartition(topic, p), OffsetSpec.latest()));
            ListOffsetsOptions options = new ListOffsetsOptions().timeoutMs(adminTimeoutMillis());
            return completable(admin.listOffsets(request, options).all());
        }).thenApply(answer -> {
            Map<Integer, Long> ends = new HashMap<>();
            answer.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        });
    }

    /**
     * A topic's partitions, looked up once a minute: one admin round trip less on every read (partition counts are
     * chosen once, see TopicProperties).
     */
    private CompletableFuture<List<Integer>> partitionsOf(String topic) {
        CachedPartitions cached = partitions.get(topic);
        if (cached != null && cached.until() > System.nanoTime()) {
            return CompletableFuture.completedFuture(cached.partitions());
        }
        DescribeTopicsOptions options = new DescribeTopicsOptions().timeoutMs(adminTimeoutMillis());
        return completable(admin.describeTopics(List.of(topic), options).allTopicNames()).thenApply(descriptions -> {
            List<Integer> found = descriptions.get(topic).partitions().stream().map(p -> p.partition()).toList();
            partitions.put(topic, new CachedPartitions(found, System.nanoTime() + PARTITIONS_CACHE.toNanos()));
            return found;
        });
    }

    /** As long as a caller waits, at least a second (as before the reads were shared). */
    private int adminTimeoutMillis() {
        return (int) Math.max(1_000, timeout.toMillis());
    }

    private static <T> CompletableFuture<T> completable(KafkaFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    private record CachedPartitions(List<Integer> partitions, long until) {
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
