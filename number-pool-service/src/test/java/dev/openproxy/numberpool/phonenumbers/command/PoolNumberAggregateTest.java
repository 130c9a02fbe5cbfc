package dev.openproxy.numberpool.phonenumbers.command;

import dev.openproxy.contracts.events.phonenumber.NumberCapabilities;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberRemovedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberReservationChangedEvent;
import dev.openproxy.numberpool.phonenumbers.api.AddPhoneNumberCommand;
import dev.openproxy.numberpool.phonenumbers.api.ChangeReservationCommand;
import dev.openproxy.numberpool.phonenumbers.api.ProxyNumber;
import dev.openproxy.numberpool.phonenumbers.api.RemovePhoneNumberCommand;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PoolNumberAggregateTest {

    private static final String PN = "PN00000000000000000000000000000001";
    private static final String SERVICE = "KS00000000000000000000000000000001";
    private static final String OTHER_SERVICE = "KS00000000000000000000000000000002";
    private static final String ACCOUNT = "AC00000000000000000000000000000001";
    private static final String STRANGER = "AC00000000000000000000000000000009";
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final ProxyNumber NUMBER = ProxyNumber.parse("+14155550100");
    private static final NumberCapabilities CAPS = NumberCapabilities.smsAndVoice();

    private static final PhoneNumberAddedEvent ADDED = new PhoneNumberAddedEvent(PN, SERVICE, ACCOUNT, "+14155550100",
            "(415) 555-0100", "US", CAPS, false, T0);

    private AggregateTestFixture<PoolNumberAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PoolNumberAggregate.class);
    }

    private static AddPhoneNumberCommand add(String account, String service, ProxyNumber number, Instant at) {
        return new AddPhoneNumberCommand(PN, service, account, number, "(415) 555-0100", CAPS, false, at);
    }

    @Test
    void aNewNumberJoinsThePoolWithItsCountryAndCapabilities() {
        fixture.givenNoPriorActivity()
                .when(add(ACCOUNT, SERVICE, NUMBER, T0))
                .expectEvents(ADDED);
    }

    @Test
    void aNumberAlreadyInAPoolCannotBeAddedAgain() {
        fixture.given(ADDED)
                .when(add(ACCOUNT, OTHER_SERVICE, NUMBER, T0.plusSeconds(1)))
                .expectException(TwilioApiException.class)
                .expectExceptionMessage("Phone Number is not available: it is already in a Proxy number pool")
                .expectNoEvents();
    }

    @Test
    void aRemovedNumberComesBackUnderItsOwnSidInAnotherService() {
        Instant later = T0.plusSeconds(60);
        fixture.given(ADDED, new PhoneNumberRemovedEvent(PN, SERVICE, ACCOUNT, "+14155550100", T0.plusSeconds(1)))
                .when(add(ACCOUNT, OTHER_SERVICE, NUMBER, later))
                .expectEvents(new PhoneNumberAddedEvent(PN, OTHER_SERVICE, ACCOUNT, "+14155550100", "(415) 555-0100",
                        "US", CAPS, false, later));
    }

    @Test
    void aRemovedSidCannotComeBackAsAnotherNumberOrForAnotherAccount() {
        PhoneNumberRemovedEvent removed = new PhoneNumberRemovedEvent(PN, SERVICE, ACCOUNT, "+14155550100", T0);
        fixture.given(ADDED, removed)
                .when(add(ACCOUNT, SERVICE, ProxyNumber.parse("+14155550101"), T0))
                .expectException(TwilioApiException.class)
                .expectNoEvents();
        fixture.given(ADDED, removed)
                .when(add(STRANGER, SERVICE, NUMBER, T0))
                .expectException(TwilioApiException.class)
                .expectNoEvents();
    }

    @Test
    void reservingMovesTheNumberAndRepeatingItChangesNothing() {
        fixture.given(ADDED)
                .when(new ChangeReservationCommand(PN, SERVICE, ACCOUNT, true, T0.plusSeconds(5)))
                .expectEvents(new PhoneNumberReservationChangedEvent(PN, SERVICE, ACCOUNT, true, T0.plusSeconds(5)));
        fixture.given(ADDED, new PhoneNumberReservationChangedEvent(PN, SERVICE, ACCOUNT, true, T0))
                .when(new ChangeReservationCommand(PN, SERVICE, ACCOUNT, true, T0.plusSeconds(5)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherAccountOrServiceCannotTouchTheNumber() {
        fixture.given(ADDED)
                .when(new ChangeReservationCommand(PN, SERVICE, STRANGER, true, T0))
                .expectException(TwilioApiException.class)
                .expectNoEvents();
        fixture.given(ADDED)
                .when(new RemovePhoneNumberCommand(PN, OTHER_SERVICE, ACCOUNT, T0))
                .expectException(TwilioApiException.class)
                .expectNoEvents();
    }

    @Test
    void aNumberIsRemovedOnceOnly() {
        fixture.given(ADDED)
                .when(new RemovePhoneNumberCommand(PN, SERVICE, ACCOUNT, T0.plusSeconds(9)))
                .expectEvents(new PhoneNumberRemovedEvent(PN, SERVICE, ACCOUNT, "+14155550100", T0.plusSeconds(9)));
        fixture.given(ADDED, new PhoneNumberRemovedEvent(PN, SERVICE, ACCOUNT, "+14155550100", T0))
                .when(new RemovePhoneNumberCommand(PN, SERVICE, ACCOUNT, T0.plusSeconds(9)))
                .expectException(TwilioApiException.class)
                .expectNoEvents();
    }

    @Test
    void aRemovedNumberCannotBeReserved() {
        fixture.given(ADDED, new PhoneNumberRemovedEvent(PN, SERVICE, ACCOUNT, "+14155550100", T0))
                .when(new ChangeReservationCommand(PN, SERVICE, ACCOUNT, true, T0))
                .expectException(TwilioApiException.class)
                .expectNoEvents();
        assertThat(NUMBER.isoCountry()).isEqualTo("US");
    }
}
