package dev.openproxy.support.consistency;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link ProjectionOffsets} remembers in memory for {@link ProjectionCatchUp}: only committed offsets, never
 * lower than before. The SQL itself runs against PostgreSQL in every service's integration tests; here the
 * database answers from a fixed table so that the commit and rollback cases can be driven one by one.
 */
class ProjectionOffsetsMemoryTest {

    private static final String CONSUMER = "sessions-directory";
    private static final String TOPIC = "openproxy.sessions.v1";

    private final TableInDatabase table = new TableInDatabase();
    private final ProjectionOffsets offsets = new ProjectionOffsets(table);

    @AfterEach
    void endTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void anOffsetAppliedWithoutATransactionIsKnownAtOnce() {
        offsets.markApplied(CONSUMER, record(0, 41));
        assertThat(offsets.knownAppliedOffsets(CONSUMER, TOPIC)).containsEntry(0, 42L);
    }

    @Test
    void anOffsetIsKnownOnlyOnceItsTransactionHasCommitted() {
        TransactionSynchronizationManager.initSynchronization();
        offsets.markApplied(CONSUMER, record(1, 7));
        assertThat(offsets.knownAppliedOffsets(CONSUMER, TOPIC)).as("before the commit").isEmpty();
        TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        assertThat(offsets.knownAppliedOffsets(CONSUMER, TOPIC)).containsEntry(1, 8L);
    }

    @Test
    void aRolledBackOffsetIsNeverKnown() {
        TransactionSynchronizationManager.initSynchronization();
        offsets.markApplied(CONSUMER, record(1, 7));
        TransactionSynchronizationManager.getSynchronizations()
                .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
        assertThat(offsets.knownAppliedOffsets(CONSUMER, TOPIC)).isEmpty();
    }

    @Test
    void offsetsReadFromTheTableAreRememberedButNeverMoveBack() {
        offsets.markApplied(CONSUMER, record(0, 99));
        table.rows = Map.of(0, 50L, 2, 10L);
        assertThat(offsets.appliedOffsets(CONSUMER, TOPIC)).containsEntry(0, 50L).containsEntry(2, 10L);
        assertThat(offsets.knownAppliedOffsets(CONSUMER, TOPIC)).containsEntry(0, 100L).containsEntry(2, 10L);
        assertThat(offsets.knownAppliedOffsets("another-projection", TOPIC)).isEmpty();
    }

    @Test
    void aWaitIsWokenByAnOffsetThisProcessApplies() throws Exception {
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                offsets.awaitProgress(TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - start;
        });
        // Keep applying until the waiter has gone to sleep and been woken (it may start after the first one).
        while (!waited.isDone()) {
            offsets.markApplied(CONSUMER, record(0, 1));
            Thread.sleep(5);
        }
        assertThat(waited.get()).isLessThan(TimeUnit.MINUTES.toNanos(5));
    }

    private static ConsumerRecord<String, String> record(int partition, long offset) {
        return new ConsumerRecord<>(TOPIC, partition, offset, "key", "value");
    }

    /** The {@code projection_offsets} rows a query returns; every upsert counts as applied. */
    private static final class TableInDatabase extends JdbcTemplate {

        Map<Integer, Long> rows = Map.of();

        @Override
        public int update(String sql, Object... args) {
            return 1;
        }

        @Override
        public void query(String sql, RowCallbackHandler handler, Object... args) {
            rows.forEach((partition, next) -> {
                try {
                    java.sql.ResultSet row = org.mockito.Mockito.mock(java.sql.ResultSet.class);
                    org.mockito.Mockito.when(row.getInt("partition")).thenReturn(partition);
                    org.mockito.Mockito.when(row.getLong("next_offset")).thenReturn(next);
                    handler.processRow(row);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
