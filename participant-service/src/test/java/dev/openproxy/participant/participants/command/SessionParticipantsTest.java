package dev.openproxy.participant.participants.command;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.participant.ParticipantRemovedEvent;
import dev.openproxy.participant.pairs.PairTakenException;
import dev.openproxy.participant.participants.api.AddParticipantCommand;
import dev.openproxy.participant.participants.api.RemoveParticipantCommand;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SessionParticipantsTest {

    private static final String SESSION = "KC00000000000000000000000000000001";
    private static final String SERVICE = "KS00000000000000000000000000000001";
    private static final String ACCOUNT = "AC00000000000000000000000000000001";
    private static final String OTHER_ACCOUNT = "AC00000000000000000000000000000002";
    private static final String KP1 = "KP00000000000000000000000000000001";
    private static final String KP2 = "KP00000000000000000000000000000002";
    private static final String KP3 = "KP00000000000000000000000000000003";
    private static final String PN1 = "PN00000000000000000000000000000001";
    private static final String ALICE = "+14155550101";
    private static final String BOB = "+14155550102";
    private static final String CAROL = "+14155550103";
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private AggregateTestFixture<SessionParticipants> fixture;
    private RecordingReservations reservations;

    /** Records what the aggregate reserved; can be told to refuse, as the unique index would. */
    static final class RecordingReservations implements PairReservations {
        final List<String> reserved = new ArrayList<>();
        RuntimeException refusal;

        @Override
        public void reserve(String sessionSid, String participantSid, String identifier, String proxyNumberSid) {
            if (refusal != null) {
                throw refusal;
            }
            reserved.add(participantSid + "/" + proxyNumberSid);
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SessionParticipants.class);
        reservations = new RecordingReservations();
        fixture.registerInjectableResource(reservations);
    }

    private static AddParticipantCommand add(String participantSid, String identifier) {
        return new AddParticipantCommand(SESSION, participantSid, SERVICE, ACCOUNT, identifier, "name",
                "+14155559999", PN1, T0);
    }

    private static ParticipantAddedEvent added(String participantSid, String identifier) {
        return new ParticipantAddedEvent(participantSid, SESSION, SERVICE, ACCOUNT, identifier, "name",
                "+14155559999", PN1, T0);
    }

    private static ParticipantRemovedEvent removed(String participantSid) {
        return new ParticipantRemovedEvent(participantSid, SESSION, SERVICE, ACCOUNT, PN1, T0);
    }

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
    void firstParticipantCreatesTheSessionsParticipantsAndReservesItsPair() {
        fixture.givenNoPriorActivity()
                .when(add(KP1, ALICE))
                .expectEvents(added(KP1, ALICE));
        assertThat(reservations.reserved).containsExactly(KP1 + "/" + PN1);
    }

    @Test
    void secondParticipantJoins() {
        fixture.given(added(KP1, ALICE))
                .when(add(KP2, BOB))
                .expectEvents(added(KP2, BOB));
    }

    @Test
    void aThirdParticipantIsRejectedWith80609() {
        fixture.given(added(KP1, ALICE), added(KP2, BOB))
                .when(add(KP3, CAROL))
                .expectNoEvents()
                .expectException(twilioError(ErrorCode.TOO_MANY_PARTICIPANTS));
        assertThat(reservations.reserved).isEmpty();
    }

    @Test
    void aRemovedParticipantFreesItsPlace() {
        fixture.given(added(KP1, ALICE), added(KP2, BOB), removed(KP2))
                .when(add(KP3, CAROL))
                .expectEvents(added(KP3, CAROL));
    }

    @Test
    void anIdentifierAlreadyInTheSessionIsRejectedWith80103() {
        fixture.given(added(KP1, ALICE))
                .when(add(KP2, ALICE))
                .expectNoEvents()
                .expectException(twilioError(ErrorCode.PARTICIPANT_ALREADY_IN_SESSION));
    }

    @Test
    void aRemovedParticipantCannotBeReAdded() {
        fixture.given(added(KP1, ALICE), removed(KP1))
                .when(add(KP2, ALICE))
                .expectNoEvents()
                .expectException(twilioError(ErrorCode.PARTICIPANT_ALREADY_IN_SESSION));
    }

    @Test
    void aPairTakenElsewhereRejectsTheCommandWithoutEvents() {
        reservations.refusal = new PairTakenException(PN1);
        fixture.given(added(KP1, ALICE))
                .when(add(KP2, BOB))
                .expectNoEvents()
                .expectException(PairTakenException.class);
    }

    @Test
    void anotherAccountCannotAddToTheSession() {
        fixture.given(added(KP1, ALICE))
                .when(new AddParticipantCommand(SESSION, KP2, SERVICE, OTHER_ACCOUNT, BOB, null, "+14155559999", PN1, T0))
                .expectNoEvents()
                .expectException(twilioError(ErrorCode.NOT_FOUND));
    }

    @Test
    void removingAParticipantIsASoftDelete() {
        fixture.given(added(KP1, ALICE))
                .when(new RemoveParticipantCommand(SESSION, KP1, ACCOUNT, T0))
                .expectEvents(removed(KP1));
    }

    @Test
    void removingTwiceChangesNothing() {
        fixture.given(added(KP1, ALICE), removed(KP1))
                .when(new RemoveParticipantCommand(SESSION, KP1, ACCOUNT, T0))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void removingAnUnknownParticipantIsNotFound() {
        fixture.given(added(KP1, ALICE))
                .when(new RemoveParticipantCommand(SESSION, KP2, ACCOUNT, T0))
                .expectException(twilioError(ErrorCode.NOT_FOUND));
    }

    @Test
    void commandsNeverPrintTheIdentifier() {
        assertThat(add(KP1, ALICE).toString()).doesNotContain(ALICE).doesNotContain("name");
    }
}
