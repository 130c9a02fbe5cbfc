package dev.openproxy.support.consistency;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Idempotence for Kafka-fed projections. Call {@link #markApplied} first thing in the listener, inside the same
 * database transaction as the projection's update: it returns false for a record already applied (a redelivery
 * after a crash or rebalance), which the listener then skips. The stored offsets also tell
 * {@link ProjectionCatchUp} how far the projection has got.
 *
 * <p>The offsets this process has committed, and those it has read back, are also kept in memory (they only grow),
 * so that a request waiting for a catch-up is woken by this process's own listener instead of polling the table:
 * with one replica, or for the partitions this replica consumes, the wait costs no database round trip. Partitions
 * another replica consumes are only visible through {@link #appliedOffsets}.
 */
public class ProjectionOffsets {

    private final JdbcTemplate jdbc;
    private final Map<String, Map<Integer, Long>> known = new ConcurrentHashMap<>();
    private final Object progress = new Object();

    public ProjectionOffsets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param consumer the projection's name (use its Kafka consumer group id)
     * @return true if the record is new and must be applied; false if it was applied before
     */
    public boolean markApplied(String consumer, ConsumerRecord<?, ?> record) {
        int updated = jdbc.update("INSERT INTO projection_offsets (consumer, topic, partition, next_offset) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset "
                        + "WHERE projection_offsets.next_offset <= ?",
                consumer, record.topic(), record.partition(), record.offset() + 1, record.offset());
        rememberOnceCommitted(consumer, record.topic(), record.partition(), record.offset() + 1);
        return updated == 1;
    }

    /** Next expected offset per partition of a topic, as applied so far (also where a listener resumes). */
    public Map<Integer, Long> appliedOffsets(String consumer, String topic) {
        Map<Integer, Long> offsets = new HashMap<>();
        jdbc.query("SELECT partition, next_offset FROM projection_offsets WHERE consumer = ? AND topic = ?",
                rs -> {
                    offsets.put(rs.getInt("partition"), rs.getLong("next_offset"));
                }, consumer, topic);
        offsets.forEach((partition, next) -> remember(consumer, topic, partition, next));
        return offsets;
    }

    /** What this process knows without asking the database: its own commits and the last {@link #appliedOffsets}. */
    public Map<Integer, Long> knownAppliedOffsets(String consumer, String topic) {
        return Map.copyOf(known.getOrDefault(key(consumer, topic), Map.of()));
    }

    /** Sleeps until this process commits another offset, or for at most {@code maxWaitNanos}. */
    void awaitProgress(long maxWaitNanos) throws InterruptedException {
        synchronized (progress) {
            TimeUnit.NANOSECONDS.timedWait(progress, Math.max(1, maxWaitNanos));
        }
    }

    private void rememberOnceCommitted(String consumer, String topic, int partition, long next) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            remember(consumer, topic, partition, next);
            return;
        }
        // Before the commit the row is not visible to others, and after a rollback it never happened.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                remember(consumer, topic, partition, next);
            }
        });
    }

    private void remember(String consumer, String topic, int partition, long next) {
        known.computeIfAbsent(key(consumer, topic), k -> new ConcurrentHashMap<>()).merge(partition, next, Math::max);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private static String key(String consumer, String topic) {
        return consumer + '\u0000' + topic;
    }
}
