package dev.openproxy.support.consistency;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link SharedEndOffsets} shares reads without weakening read-your-writes: the admin call is a source whose
 * every read the test answers by hand, so each case is driven step by step (no sleeps, no timing).
 */
class SharedEndOffsetsTest {

    private static final String SESSIONS = "openproxy.sessions.v1";
    private static final String PARTICIPANTS = "openproxy.participants.v1";

    private final ControlledSource source = new ControlledSource();
    private final SharedEndOffsets endOffsets = new SharedEndOffsets(source, Duration.ofHours(1));

    @Test
    void aCallerWithNoReadInFlightStartsOneAtOnce() throws Exception {
        CompletableFuture<Map<Integer, Long>> caller = endOffsets.next(SESSIONS);

        assertThat(source.reads(SESSIONS)).isEqualTo(1);
        source.answer(SESSIONS, 1, Map.of(0, 5L));
        assertThat(caller.get()).containsEntry(0, 5L);
    }

    @Test
    void callersArrivingDuringAReadWaitForTheNextOneWhichStartsWhenItEnds() throws Exception {
        CompletableFuture<Map<Integer, Long>> first = endOffsets.next(SESSIONS);
        CompletableFuture<Map<Integer, Long>> second = endOffsets.next(SESSIONS);
        CompletableFuture<Map<Integer, Long>> third = endOffsets.next(SESSIONS);
        assertThat(source.reads(SESSIONS)).as("one read in flight at a time").isEqualTo(1);

        source.answer(SESSIONS, 1, Map.of(0, 5L));

        assertThat(first.get()).containsEntry(0, 5L);
        assertThat(second).as("arrived while read 1 was in flight").isNotDone();
        assertThat(third).isNotDone();
        assertThat(source.reads(SESSIONS)).as("the next read starts as soon as the current one ends").isEqualTo(2);

        source.answer(SESSIONS, 2, Map.of(0, 7L));

        assertThat(second.get()).containsEntry(0, 7L);
        assertThat(third.get()).containsEntry(0, 7L);
        assertThat(source.reads(SESSIONS)).as("nobody is waiting for a third").isEqualTo(2);
    }

    @Test
    void manyCallersArrivingTogetherShareOneRead() throws Exception {
        int callers = 16;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CompletableFuture<Map<Integer, Long>>>> arrivals = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                arrivals.add(threads.submit(() -> {
                    go.await();
                    return endOffsets.next(SESSIONS);
                }));
            }
            go.countDown();
            List<CompletableFuture<Map<Integer, Long>>> waiting = new ArrayList<>();
            for (Future<CompletableFuture<Map<Integer, Long>>> arrival : arrivals) {
                waiting.add(arrival.get(1, TimeUnit.MINUTES));
            }
            assertThat(source.reads(SESSIONS)).as("the first to arrive started one read").isEqualTo(1);

            source.answer(SESSIONS, 1, Map.of(0, 5L));
            assertThat(source.reads(SESSIONS)).as("all the others share the next one").isEqualTo(2);
            source.answer(SESSIONS, 2, Map.of(0, 7L));

            assertThat(waiting.stream().filter(CompletableFuture::isDone).count()).isEqualTo(callers);
            assertThat(waiting.stream().filter(read -> read.join().get(0) == 5L).count()).isEqualTo(1);
            assertThat(waiting.stream().filter(read -> read.join().get(0) == 7L).count()).isEqualTo(callers - 1);
            assertThat(source.reads(SESSIONS)).isEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCallerNeverReceivesAReadThatStartedBeforeItArrived() throws Exception {
        endOffsets.next(SESSIONS);
        CompletableFuture<Map<Integer, Long>> early = endOffsets.next(SESSIONS);
        source.answer(SESSIONS, 1, Map.of(0, 5L));
        assertThat(source.reads(SESSIONS)).as("read 2 started, for the early caller").isEqualTo(2);

        // A write is acknowledged at offset 7, then this caller arrives while read 2 (started before it) is in flight.
        CompletableFuture<Map<Integer, Long>> late = endOffsets.next(SESSIONS);
        source.answer(SESSIONS, 2, Map.of(0, 6L));

        assertThat(early.get()).containsEntry(0, 6L);
        assertThat(late).as("read 2 started before the late caller arrived").isNotDone();
        assertThat(source.reads(SESSIONS)).isEqualTo(3);

        source.answer(SESSIONS, 3, Map.of(0, 8L));
        assertThat(late.get()).containsEntry(0, 8L);
    }

    @Test
    void aFailureReachesEveryWaiterOfThatReadAndTheNextReadIsAttemptedAfresh() throws Exception {
        endOffsets.next(SESSIONS);
        CompletableFuture<Map<Integer, Long>> second = endOffsets.next(SESSIONS);
        CompletableFuture<Map<Integer, Long>> third = endOffsets.next(SESSIONS);
        source.answer(SESSIONS, 1, Map.of(0, 5L));

        IllegalStateException brokerDown = new IllegalStateException("broker unreachable");
        source.fail(SESSIONS, 2, brokerDown);

        assertThatThrownBy(second::get).isInstanceOf(ExecutionException.class).hasCause(brokerDown);
        assertThatThrownBy(third::get).isInstanceOf(ExecutionException.class).hasCause(brokerDown);
        assertThat(source.reads(SESSIONS)).as("nobody waits, so no read follows").isEqualTo(2);

        CompletableFuture<Map<Integer, Long>> afterwards = endOffsets.next(SESSIONS);
        assertThat(source.reads(SESSIONS)).as("the failure is not kept").isEqualTo(3);
        source.answer(SESSIONS, 3, Map.of(0, 9L));
        assertThat(afterwards.get()).containsEntry(0, 9L);
    }

    @Test
    void aSourceThatThrowsFailsItsCallersAndDoesNotBlockTheTopic() throws Exception {
        IllegalStateException closed = new IllegalStateException("admin client closed");
        source.throwOnNextRead(closed);

        assertThatThrownBy(() -> endOffsets.next(SESSIONS).get()).isInstanceOf(ExecutionException.class).hasCause(closed);

        CompletableFuture<Map<Integer, Long>> afterwards = endOffsets.next(SESSIONS);
        assertThat(source.reads(SESSIONS)).isEqualTo(2);
        source.answer(SESSIONS, 2, Map.of(0, 3L));
        assertThat(afterwards.get()).containsEntry(0, 3L);
    }

    @Test
    void topicsAreIndependent() throws Exception {
        CompletableFuture<Map<Integer, Long>> sessions = endOffsets.next(SESSIONS);
        CompletableFuture<Map<Integer, Long>> participants = endOffsets.next(PARTICIPANTS);
        assertThat(source.reads(PARTICIPANTS)).as("not held back by the sessions read in flight").isEqualTo(1);

        source.fail(PARTICIPANTS, 1, new IllegalStateException("participants topic unavailable"));
        assertThat(participants).isCompletedExceptionally();
        assertThat(sessions).isNotDone();

        source.answer(SESSIONS, 1, Map.of(0, 4L));
        assertThat(sessions.get()).containsEntry(0, 4L);
        assertThat(source.reads(SESSIONS)).isEqualTo(1);
        assertThat(source.reads(PARTICIPANTS)).isEqualTo(1);
    }

    @Test
    void aCallerPastItsDeadlineStopsWaitingWhileTheReadGoesOnForOthers() throws Exception {
        endOffsets.next(SESSIONS);
        CompletableFuture<Map<Integer, Long>> patient = endOffsets.next(SESSIONS);

        assertThatThrownBy(() -> endOffsets.await(SESSIONS, System.nanoTime() - 1)).isInstanceOf(TimeoutException.class);

        source.answer(SESSIONS, 1, Map.of(0, 5L));
        source.answer(SESSIONS, 2, Map.of(0, 6L));
        assertThat(patient.get()).containsEntry(0, 6L);
    }

    /** The admin call, answered by the test: reads are numbered from 1 per topic, in the order they started. */
    private static final class ControlledSource implements SharedEndOffsets.Source {

        private final List<Read> reads = new ArrayList<>();
        private RuntimeException throwOnNextRead;

        @Override
        public synchronized CompletableFuture<Map<Integer, Long>> read(String topic) {
            CompletableFuture<Map<Integer, Long>> answer = new CompletableFuture<>();
            reads.add(new Read(topic, answer));
            if (throwOnNextRead != null) {
                RuntimeException failure = throwOnNextRead;
                throwOnNextRead = null;
                throw failure;
            }
            return answer;
        }

        synchronized void throwOnNextRead(RuntimeException failure) {
            throwOnNextRead = failure;
        }

        synchronized int reads(String topic) {
            return (int) reads.stream().filter(read -> read.topic().equals(topic)).count();
        }

        void answer(String topic, int number, Map<Integer, Long> ends) {
            assertThat(read(topic, number).answer().complete(ends)).as("read %d of %s answered once", number, topic).isTrue();
        }

        void fail(String topic, int number, Throwable failure) {
            assertThat(read(topic, number).answer().completeExceptionally(failure)).isTrue();
        }

        private synchronized Read read(String topic, int number) {
            List<Read> ofTopic = reads.stream().filter(read -> read.topic().equals(topic)).toList();
            assertThat(ofTopic).as("reads of %s started", topic).hasSizeGreaterThanOrEqualTo(number);
            return ofTopic.get(number - 1);
        }

        private record Read(String topic, CompletableFuture<Map<Integer, Long>> answer) {
        }
    }
}
