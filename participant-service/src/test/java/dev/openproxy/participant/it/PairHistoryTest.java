package dev.openproxy.participant.it;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.openproxy.participant.it.PairHistory.SessionChange.CLOSED;
import static dev.openproxy.participant.it.PairHistory.SessionChange.CREATED;
import static dev.openproxy.participant.it.PairHistory.SessionChange.REOPENED;
import static org.assertj.core.api.Assertions.assertThat;

/** The checker of the concurrency test must be able to fail: it finds overlaps and only overlaps. */
class PairHistoryTest {

    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    private static Instant t(int ms) {
        return T.plusMillis(ms);
    }

    @Test
    void findsAPairActiveInTwoOpenSessions() {
        PairHistory history = new PairHistory();
        history.session(new PairHistory.SessionEvent("KC1", CREATED, t(0)));
        history.session(new PairHistory.SessionEvent("KC2", CREATED, t(0)));
        history.added(new PairHistory.Added("KP1", "KC1", "+1", "PN1", t(1)));
        history.added(new PairHistory.Added("KP2", "KC2", "+1", "PN1", t(5)));

        assertThat(history.overlaps()).hasSize(1);
    }

    @Test
    void aCloseOrARemovalEndsTheFirstUse() {
        PairHistory history = new PairHistory();
        history.session(new PairHistory.SessionEvent("KC1", CREATED, t(0)));
        history.session(new PairHistory.SessionEvent("KC2", CREATED, t(0)));
        history.session(new PairHistory.SessionEvent("KC3", CREATED, t(0)));
        history.added(new PairHistory.Added("KP1", "KC1", "+1", "PN1", t(1)));
        history.session(new PairHistory.SessionEvent("KC1", CLOSED, t(4)));
        history.added(new PairHistory.Added("KP2", "KC2", "+1", "PN1", t(5)));
        history.removed(new PairHistory.Removed("KP2", t(7)));
        history.added(new PairHistory.Added("KP3", "KC3", "+1", "PN1", t(7)));

        assertThat(history.overlaps()).isEmpty();
    }

    @Test
    void aReopenedSessionUsesItsPairsAgain() {
        PairHistory history = new PairHistory();
        history.session(new PairHistory.SessionEvent("KC1", CREATED, t(0)));
        history.session(new PairHistory.SessionEvent("KC2", CREATED, t(0)));
        history.added(new PairHistory.Added("KP1", "KC1", "+1", "PN1", t(1)));
        history.session(new PairHistory.SessionEvent("KC1", CLOSED, t(2)));
        history.added(new PairHistory.Added("KP2", "KC2", "+1", "PN1", t(3)));
        history.session(new PairHistory.SessionEvent("KC1", REOPENED, t(9)));

        assertThat(history.overlaps()).hasSize(1);
    }
}
