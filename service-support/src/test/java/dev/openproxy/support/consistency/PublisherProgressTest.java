package dev.openproxy.support.consistency;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherProgressTest {

    private final PublisherProgress progress = new PublisherProgress();

    @Test
    void anEventIsCoveredOnceATokenAtOrPastItHasCommittedAndItIsNoGap() {
        assertThat(progress.covers(1)).isFalse();
        progress.committed(GapAwareTrackingToken.newInstance(10, List.of(7L)));
        assertThat(progress.covers(5)).isTrue();
        assertThat(progress.covers(10)).isTrue();
        assertThat(progress.covers(7)).as("a gap: not yet seen by the publisher").isFalse();
        assertThat(progress.covers(11)).isFalse();
    }

    @Test
    void anOlderTokenNeverMovesTheProgressBack() {
        progress.committed(GapAwareTrackingToken.newInstance(10, List.of()));
        progress.committed(GapAwareTrackingToken.newInstance(4, List.of()));
        assertThat(progress.covers(10)).isTrue();
    }

    @Test
    void aTokenThatIsNotGapAwareIsIgnored() {
        progress.committed(new GlobalSequenceTrackingToken(10));
        progress.committed(null);
        assertThat(progress.covers(1)).isFalse();
    }

    @Test
    void aWaitingThreadWakesWhenItsEventIsCommitted() throws Exception {
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return progress.await(3, TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        progress.committed(GapAwareTrackingToken.newInstance(2, List.of()));
        progress.committed(GapAwareTrackingToken.newInstance(3, List.of()));
        assertThat(waiting.get(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void aWaitEndsFalseWhenNothingCoversTheEventInTime() throws Exception {
        progress.committed(GapAwareTrackingToken.newInstance(5, List.of(3L)));
        assertThat(progress.await(3, 20)).isFalse();
    }
}
