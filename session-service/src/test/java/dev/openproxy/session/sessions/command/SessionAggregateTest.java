package dev.openproxy.session.sessions.command;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.events.session.ClosedReason;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionExpiryChangedEvent;
import dev.openproxy.contracts.events.session.SessionInteractionRecordedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.session.sessions.api.CreateSessionCommand;
import dev.openproxy.session.sessions.api.DeleteSessionCommand;
import dev.openproxy.session.sessions.api.ExpireSessionCommand;
import dev.openproxy.session.sessions.api.RecordInteractionCommand;
import dev.openproxy.session.sessions.api.UpdateSessionCommand;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;


class SessionAggregateTest {

    private static final String SESSION = "KC00000000000000000000000000000001";
    private static final String SERVICE = "KS00000000000000000000000000000001";
    private static final String ACCOUNT = "AC00000000000000000000000000000001";
    private static final String OTHER_ACCOUNT = "AC00000000000000000000000000000002";
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private AggregateTestFixture<SessionAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SessionAggregate.class);
    }

    private static SessionCreatedEvent created(int ttl, Instant dateExpiry) {
        return new SessionCreatedEvent(SESSION, SERVICE, ACCOUNT, "order-1", "voice-and-message", "open", ttl, dateExpiry, T0);
    }

    private static SessionClosedEvent closedByApi(Instant at) {
        return new SessionClosedEvent(SESSION, SERVICE, ACCOUNT, ClosedReason.API, at);
    }

    private static UpdateSessionCommand status(String status, Instant now) {
        return new UpdateSessionCommand(SESSION, ACCOUNT, null, null, false, status, now);
    }

    /** Matches the Twilio error a command handler rejected with. */
    private static Matcher<TwilioApiException> twilioError(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(TwilioApiException e) {
                return e.error().code() == code.code();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("Twilio error " + code.code());
            }
        };
    }

    @Test
    void createdSessionIsOpen() {
        fixture.givenNoPriorActivity()
                .when(new CreateSessionCommand(SESSION, SERVICE, ACCOUNT, "order-1", "voice-and-message", "open", 60, null, T0))
                .expectEvents(created(60, null));
    }

    @Test
    void sessionCannotBeCreatedClosed() {
        fixture.givenNoPriorActivity()
                .when(new CreateSessionCommand(SESSION, SERVICE, ACCOUNT, null, "voice-and-message", "closed", 0, null, T0))
                .expectException(TwilioApiException.class)
                .expectExceptionMessage("A Session can only be created open or in-progress");
    }

    @Test
    void dateExpiryInThePastIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateSessionCommand(SESSION, SERVICE, ACCOUNT, null, "voice-and-message", "open", 0,
                        T0.minusSeconds(1), T0))
                .expectException(TwilioApiException.class)
                .expectNoEvents();
    }

    @Test
    void openSessionCanBeClosed() {
        fixture.given(created(0, null))
                .when(status("closed", T0.plusSeconds(5)))
                .expectEvents(closedByApi(T0.plusSeconds(5)));
    }

    @Test
    void closedSessionCanBeReopenedAsInProgress() {
        fixture.given(created(0, null), closedByApi(T0.plusSeconds(5)))
                .when(status("in-progress", T0.plusSeconds(10)))
                .expectEvents(new SessionReopenedEvent(SESSION, SERVICE, ACCOUNT, T0.plusSeconds(10)));
    }

    @Test
    void openSessionCannotBeSetInProgress() {
        fixture.given(created(0, null))
                .when(status("in-progress", T0.plusSeconds(5)))
                .expectNoEvents()
                .expectException(twilioError(ErrorCode.SESSION_STATUS_INVALID));
    }

    @Test
    void closedSessionCannotBeReopenedAsOpen() {
        fixture.given(created(0, null), closedByApi(T0.plusSeconds(5)))
                .when(status("open", T0.plusSeconds(10)))
                .expectNoEvents()
                .expectException(twilioError(ErrorCode.SESSION_STATUS_INVALID));
    }

    @Test
    void closedSessionCannotBeUpdated() {
        fixture.given(created(0, null), closedByApi(T0.plusSeconds(5)))
                .when(new UpdateSessionCommand(SESSION, ACCOUNT, 600, null, false, null, T0.plusSeconds(10)))
                .expectNoEvents()
                .expectException(twilioError(ErrorCode.SESSION_CLOSED));
    }

    @Test
    void ttlAndDateExpiryCanBeChanged() {
        Instant expiry = T0.plusSeconds(3600);
        fixture.given(created(60, null))
                .when(new UpdateSessionCommand(SESSION, ACCOUNT, 120, expiry, false, null, T0.plusSeconds(1)))
                .expectEvents(new SessionExpiryChangedEvent(SESSION, SERVICE, ACCOUNT, 120, expiry, T0.plusSeconds(1)));
    }

    @Test
    void anotherAccountSeesNoSession() {
        fixture.given(created(0, null))
                .when(new UpdateSessionCommand(SESSION, OTHER_ACCOUNT, 120, null, false, null, T0.plusSeconds(1)))
                .expectNoEvents()
                .expectException(twilioError(ErrorCode.NOT_FOUND));
    }

    @Test
    void ttlClosesSessionOnceDue() {
        fixture.given(created(60, null))
                .when(new ExpireSessionCommand(SESSION, T0.plusSeconds(60)))
                .expectEvents(new SessionClosedEvent(SESSION, SERVICE, ACCOUNT, ClosedReason.TTL, T0.plusSeconds(60)));
    }

    @Test
    void expiryBeforeDueTimeDoesNothing() {
        fixture.given(created(60, null))
                .when(new ExpireSessionCommand(SESSION, T0.plusSeconds(59)))
                .expectNoEvents();
    }

    @Test
    void reopeningRestartsTheTtlClock() {
        fixture.given(created(60, null), closedByApi(T0.plusSeconds(5)),
                        new SessionReopenedEvent(SESSION, SERVICE, ACCOUNT, T0.plusSeconds(100)))
                .when(new ExpireSessionCommand(SESSION, T0.plusSeconds(130)))
                .expectNoEvents();
    }

    @Test
    void dateExpiryOverridesTtl() {
        Instant expiry = T0.plusSeconds(10);
        fixture.given(created(3600, expiry))
                .when(new ExpireSessionCommand(SESSION, expiry))
                .expectEvents(new SessionClosedEvent(SESSION, SERVICE, ACCOUNT, ClosedReason.DATE_EXPIRY, expiry));
    }

    @Test
    void zeroTtlWithoutDateExpiryNeverExpires() {
        fixture.given(created(0, null))
                .when(new ExpireSessionCommand(SESSION, T0.plusSeconds(100_000_000)))
                .expectNoEvents();
    }

    @Test
    void closedSessionDoesNotExpireAgain() {
        fixture.given(created(60, null), closedByApi(T0.plusSeconds(5)))
                .when(new ExpireSessionCommand(SESSION, T0.plusSeconds(120)))
                .expectNoEvents();
    }

    @Test
    void firstInteractionMovesAnOpenSessionInProgressAndRestartsTheTtlClock() {
        String interaction = "KI00000000000000000000000000000001";
        fixture.given(created(60, null))
                .when(new RecordInteractionCommand(SESSION, interaction, T0.plusSeconds(50)))
                .expectEvents(new SessionInteractionRecordedEvent(SESSION, SERVICE, ACCOUNT, interaction,
                        T0.plusSeconds(50), "in-progress"));
        fixture.given(created(60, null), new SessionInteractionRecordedEvent(SESSION, SERVICE, ACCOUNT, interaction,
                        T0.plusSeconds(50), "in-progress"))
                .when(new ExpireSessionCommand(SESSION, T0.plusSeconds(100)))
                .expectNoEvents();
    }

    @Test
    void interactionOfAClosedSessionOrAnOlderOneChangesNothing() {
        fixture.given(created(60, null), closedByApi(T0.plusSeconds(5)))
                .when(new RecordInteractionCommand(SESSION, "KI00000000000000000000000000000001", T0.plusSeconds(10)))
                .expectNoEvents();
        fixture.given(created(60, null))
                .when(new RecordInteractionCommand(SESSION, "KI00000000000000000000000000000001", T0.minusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void anInteractionInTheSecondOfTheCreationCounts() {
        String interaction = "KI00000000000000000000000000000001";
        fixture.given(created(60, null))
                .when(new RecordInteractionCommand(SESSION, interaction, T0))
                .expectEvents(new SessionInteractionRecordedEvent(SESSION, SERVICE, ACCOUNT, interaction, T0,
                        "in-progress"));
    }

    @Test
    void anInteractionNoLaterThanTheLastRecordedOneIsAlreadyCounted() {
        String first = "KI00000000000000000000000000000001";
        fixture.given(created(60, null), new SessionInteractionRecordedEvent(SESSION, SERVICE, ACCOUNT, first,
                        T0.plusSeconds(5), "in-progress"))
                .when(new RecordInteractionCommand(SESSION, "KI00000000000000000000000000000002", T0.plusSeconds(5)))
                .expectNoEvents();
    }

    @Test
    void sessionCanBeDeleted() {
        fixture.given(created(0, null))
                .when(new DeleteSessionCommand(SESSION, ACCOUNT, T0.plusSeconds(1)))
                .expectEvents(new SessionDeletedEvent(SESSION, SERVICE, ACCOUNT, T0.plusSeconds(1)))
                .expectMarkedDeleted();
    }
}
