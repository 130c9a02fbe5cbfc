package dev.openproxy.numberpool.integration;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConsumerSeekAware;

import java.util.List;
import java.util.Map;

/**
 * Where a Kafka-fed projection resumes: at the offsets stored with its rows ({@code projection_offsets}, written by
 * {@code ProjectionOffsets.markApplied}), not at the consumer group's committed offsets. The database is the truth:
 * a restored or emptied database replays what it lacks, from the start of the topic if it has nothing.
 */
final class StoredOffsets {

    private StoredOffsets() {
    }

    static void seek(JdbcTemplate jdbc, String consumer, Map<TopicPartition, Long> assignments,
                     ConsumerSeekAware.ConsumerSeekCallback callback) {
        for (TopicPartition partition : assignments.keySet()) {
            List<Long> stored = jdbc.queryForList("SELECT next_offset FROM projection_offsets "
                            + "WHERE consumer = ? AND topic = ? AND partition = ?", Long.class,
                    consumer, partition.topic(), partition.partition());
            if (stored.isEmpty()) {
                callback.seekToBeginning(partition.topic(), partition.partition());
            } else {
                callback.seek(partition.topic(), partition.partition(), stored.get(0));
            }
        }
    }
}
