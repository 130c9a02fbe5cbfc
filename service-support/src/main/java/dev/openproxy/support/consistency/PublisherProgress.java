package dev.openproxy.support.consistency;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.util.Optional;

/**
 * How far this JVM's {@code kafka-publisher} has got, in memory: the tracking token of the last batch it sent to
 * Kafka and committed. {@link PublishedCommands} waits here instead of reading {@code token_entry}: the publisher
 * calls {@link #committed} after each commit ({@link PublicationSignal}) and every waiting request thread wakes and
 * checks its own event. Waiting holds no database connection.
 *
 * <p>This only knows what this JVM published. When another replica owns the publisher's token, nothing arrives here
 * and {@link PublishedCommands} falls back to reading the stored token (see there).
 */
public class PublisherProgress {

    private final Object lock = new Object();
    private GapAwareTrackingToken latest;

    /** Called after the publisher's transaction (its token) committed: everything the token covers is on Kafka. */
    public void committed(TrackingToken token) {
        Optional<GapAwareTrackingToken> gapAware = Optional.ofNullable(token)
                .flatMap(t -> WrappedToken.unwrap(t, GapAwareTrackingToken.class));
        if (gapAware.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (latest == null || gapAware.get().getIndex() >= latest.getIndex()) {
                latest = gapAware.get();
            }
            lock.notifyAll();
        }
    }

    /** Whether this JVM has published the event at {@code globalIndex} (its token is past it, and it is no gap). */
    public boolean covers(long globalIndex) {
        synchronized (lock) {
            return covers(latest, globalIndex);
        }
    }

    /**
     * Waits until this JVM has published the event or {@code millis} have passed.
     *
     * @return whether the event is published
     */
    public boolean await(long globalIndex, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (lock) {
            while (!covers(latest, globalIndex)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    /** A gap-aware token covers an event when its index is at or past the event's and the event is not one of its gaps. */
    static boolean covers(GapAwareTrackingToken token, long globalIndex) {
        return token != null && token.getIndex() >= globalIndex && !token.getGaps().contains(globalIndex);
    }
}
