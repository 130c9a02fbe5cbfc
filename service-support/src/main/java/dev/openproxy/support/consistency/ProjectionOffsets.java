package dev.openproxy.support.consistency;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Idempotence for Kafka-fed projections. Call {@link #markApplied} first thing in the listener, inside the same
 * database transaction as the projection's update: it returns false for a record already applied (a redelivery
 * after a crash or rebalance), which the listener then skips. The stored offsets also tell
 * {@link ProjectionCatchUp} how far the projection has got.
 */
public class ProjectionOffsets {

    private final JdbcTemplate jdbc;

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
        return updated == 1;
    }

    /** Next expected offset per partition of a topic, as applied so far (also where a listener resumes). */
    public java.util.Map<Integer, Long> appliedOffsets(String consumer, String topic) {
        java.util.Map<Integer, Long> offsets = new java.util.HashMap<>();
        jdbc.query("SELECT partition, next_offset FROM projection_offsets WHERE consumer = ? AND topic = ?",
                rs -> {
                    offsets.put(rs.getInt("partition"), rs.getLong("next_offset"));
                }, consumer, topic);
        return offsets;
    }
}
