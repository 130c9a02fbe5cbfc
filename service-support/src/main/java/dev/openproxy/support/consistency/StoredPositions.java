package dev.openproxy.support.consistency;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConsumerSeekAware;

import java.util.List;
import java.util.Map;

/**
 * A projection's position is in its own database ({@code projection_offsets}, written in the transaction of each
 * update), not in the consumer group: on assignment the listener seeks there, or to the beginning when the table has
 * nothing for the partition. So a database restored from a backup, or created empty, replays what it lacks, whatever
 * the group committed.
 */
public abstract class StoredPositions implements ConsumerSeekAware {

    private final JdbcTemplate jdbc;
    private final String consumer;

    protected StoredPositions(JdbcTemplate jdbc, String consumer) {
        this.jdbc = jdbc;
        this.consumer = consumer;
    }

    /** The projection's name in {@code projection_offsets}. */
    public String consumer() {
        return consumer;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        for (TopicPartition partition : assignments.keySet()) {
            List<Long> next = jdbc.queryForList("SELECT next_offset FROM projection_offsets "
                    + "WHERE consumer = ? AND topic = ? AND partition = ?", Long.class, consumer, partition.topic(),
                    partition.partition());
            if (next.isEmpty()) {
                callback.seekToBeginning(List.of(partition));
            } else {
                callback.seek(partition.topic(), partition.partition(), next.get(0));
            }
        }
    }
}
