package dev.openproxy.support.consistency;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A topic's end offsets, read once for all the callers that wait for them at the same time (group commit): under
 * load every webhook's routing decision needs them, and one admin round trip each would queue up at the broker.
 *
 * <p>Read-your-writes needs end offsets read <em>after</em> the caller arrived: a read that was already in flight may
 * have been answered before a write the caller has seen was acknowledged. So, per topic, at most one read is in
 * flight; a caller that arrives while one is joins the next, which starts as soon as the current one ends and
 * answers every caller that joined it. A failure reaches every caller of that read and is not kept: the next read is
 * attempted afresh.
 */
final class SharedEndOffsets {

    /** The admin call: one read of a topic's end offsets, partition to offset. */
    @FunctionalInterface
    interface Source {
        CompletableFuture<Map<Integer, Long>> read(String topic);
    }

    private final Map<String, TopicReads> topics = new ConcurrentHashMap<>();
    private final Source source;
    private final Duration readTimeout;

    /**
     * @param readTimeout how long one read may take before it fails for all its callers, so that a read that never
     *                    answers cannot hold back the topic's next reads
     */
    SharedEndOffsets(Source source, Duration readTimeout) {
        this.source = source;
        this.readTimeout = readTimeout;
    }

    /**
     * @param deadline a {@link System#nanoTime()} after which this caller stops waiting (the read goes on for others)
     * @return the topic's end offsets, read by a request that started after this call did
     * @throws ExecutionException when that read failed
     * @throws TimeoutException   when it had not answered by the deadline
     */
    Map<Integer, Long> await(String topic, long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        return next(topic).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** The read this caller may use: started now, or the next one if one is in flight. Visible to tests. */
    CompletableFuture<Map<Integer, Long>> next(String topic) {
        return topics.computeIfAbsent(topic, TopicReads::new).join();
    }

    /** One topic's reads: the one in flight, if any, and the one its latecomers wait for. */
    private final class TopicReads {

        private final String topic;
        private boolean inFlight;
        /** Joined while a read was in flight; started when that read ends. */
        private CompletableFuture<Map<Integer, Long>> next;

        TopicReads(String topic) {
            this.topic = topic;
        }

        CompletableFuture<Map<Integer, Long>> join() {
            CompletableFuture<Map<Integer, Long>> startNow;
            synchronized (this) {
                if (inFlight) {
                    if (next == null) {
                        next = new CompletableFuture<>();
                    }
                    return next;
                }
                inFlight = true;
                startNow = new CompletableFuture<>();
            }
            start(startNow);
            return startNow;
        }

        private void start(CompletableFuture<Map<Integer, Long>> callers) {
            CompletableFuture<Map<Integer, Long>> read;
            try {
                read = source.read(topic);
            } catch (RuntimeException e) {
                read = CompletableFuture.failedFuture(e);
            }
            read.orTimeout(readTimeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((ends, failure) -> {
                if (failure != null) {
                    callers.completeExceptionally(failure);
                } else {
                    callers.complete(ends);
                }
                ended();
            });
        }

        private void ended() {
            CompletableFuture<Map<Integer, Long>> waiting;
            synchronized (this) {
                waiting = next;
                next = null;
                inFlight = waiting != null;
            }
            if (waiting != null) {
                start(waiting);
            }
        }
    }
}
