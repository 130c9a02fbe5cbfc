package dev.openproxy.e2e;

import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The number pool through the gateway with the official twilio-java library
 * ({@code com.twilio.rest.proxy.v1.service.PhoneNumber}), every response checked against Twilio's OpenAPI file (see
 * {@link E2eTest}). The stack runs with pool limits lowered by configuration ({@link ProxyStack}); both are reached
 * here.
 */
class PhoneNumbersIT extends E2eTest {

    private static final int LISTED = 120;
    private static final int UNRESERVED_LIMIT = ProxyStack.MAX_UNRESERVED_NUMBERS;
    private static final int RESERVED_LIMIT = ProxyStack.MAX_RESERVED_NUMBERS;
    /** Valid US numbers, +1 628 NXX XXXX, from a random start so that other test classes' numbers do not collide. */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(2_000_000, 8_000_000));

    private static String newNumber() {
        return "+1628" + NEXT.getAndIncrement();
    }

    private Service newService(String prefix) {
        return Service.creator(prefix + "-" + UUID.randomUUID()).create(twilio);
    }

    private PhoneNumber add(String serviceSid, String number) {
        return PhoneNumber.creator(serviceSid).setPhoneNumber(number).create(twilio);
    }

    private static ApiException twilioError(Runnable call) {
        ApiException error = catchThrowableOfType(ApiException.class, call::run);
        assertThat(error).as("an ApiException").isNotNull();
        return error;
    }

    @Test
    void numbersAreAddedListedPagedUpdatedAndRemovedThroughTwilioJava() {
        String serviceSid = newService("pool").getSid();
        String e164 = newNumber();
        // Formatted as people write it: stored in E.164.
        PhoneNumber first = add(serviceSid, "+1 (628) " + e164.substring(5, 8) + "-" + e164.substring(8));
        assertThat(first.getSid()).matches("PN[0-9a-f]{32}");
        assertThat(first.getServiceSid()).isEqualTo(serviceSid);
        assertThat(first.getAccountSid()).isEqualTo(ProxyStack.ACCOUNT_SID);
        assertThat(first.getPhoneNumber().toString()).isEqualTo(e164);
        assertThat(first.getIsoCountry()).isEqualTo("US");
        assertThat(first.getFriendlyName()).isEqualTo("(628) " + e164.substring(5, 8) + "-" + e164.substring(8));
        assertThat(first.getCapabilities().getSms()).isTrue();
        assertThat(first.getCapabilities().getVoice()).isTrue();
        assertThat(first.getCapabilities().getMms()).isFalse();
        assertThat(first.getIsReserved()).isFalse();
        assertThat(first.getInUse()).isZero();
        assertThat(first.getUrl()).isEqualTo(URI.create(
                "https://proxy.twilio.com/v1/Services/" + serviceSid + "/PhoneNumbers/" + first.getSid()));

        Set<String> added = new HashSet<>(Set.of(first.getSid()));
        for (int i = 1; i < LISTED; i++) {
            added.add(add(serviceSid, newNumber()).getSid());
        }

        // The library's own reader follows meta.next_page_url page after page.
        Set<String> listed = new HashSet<>();
        ResourceSet<PhoneNumber> all = PhoneNumber.reader(serviceSid).pageSize(50).read(twilio);
        for (PhoneNumber number : all) {
            listed.add(number.getSid());
        }
        assertThat(listed).isEqualTo(added);
        long pages = http.exchanges().stream()
                .filter(e -> e.method().equals("GET") && e.path().equals("/v1/Services/" + serviceSid + "/PhoneNumbers"))
                .count();
        assertThat(pages).isEqualTo(3);

        PhoneNumber reserved = PhoneNumber.updater(serviceSid, first.getSid()).setIsReserved(true).update(twilio);
        assertThat(reserved.getIsReserved()).isTrue();
        assertThat(PhoneNumber.fetcher(serviceSid, first.getSid()).fetch(twilio).getIsReserved()).isTrue();
        assertThat(PhoneNumber.updater(serviceSid, first.getSid()).setIsReserved(false).update(twilio).getIsReserved()).isFalse();

        assertThat(PhoneNumber.deleter(serviceSid, first.getSid()).delete(twilio)).isTrue();
        assertThat(twilioError(() -> PhoneNumber.fetcher(serviceSid, first.getSid()).fetch(twilio)).getCode()).isEqualTo(20404);
    }

    @Test
    void aNumberAlreadyInAnotherServiceIsNotAvailable() {
        String number = newNumber();
        String taken = add(newService("first").getSid(), number).getSid();
        String other = newService("second").getSid();

        ApiException error = twilioError(() -> add(other, number));
        assertThat(error.getCode()).isEqualTo(80601);
        assertThat(error.getStatusCode()).isEqualTo(400);
        assertThat(taken).isNotNull();
    }

    @Test
    void badNumbersAreTwilioInvalidParameterErrors() {
        String serviceSid = newService("bad").getSid();
        for (String bad : new String[]{"+1", "abc", "123456789012345678901234567890", ""}) {
            ApiException error = twilioError(() -> add(serviceSid, bad));
            assertThat(error.getCode()).as(bad).isEqualTo(20001);
            assertThat(error.getStatusCode()).as(bad).isEqualTo(400);
        }
        assertThat(twilioError(() -> PhoneNumber.creator(serviceSid).setSid("PN" + "ab".repeat(16)).create(twilio)).getCode())
                .as("Sid alone: no carrier inventory to look it up in").isEqualTo(20001);
        assertThat(twilioError(() -> add("KS" + "0".repeat(32), newNumber())).getCode()).isEqualTo(20404);
        assertThat(PhoneNumber.reader(serviceSid).read(twilio).iterator().hasNext()).isFalse();
    }

    @Test
    void aServiceHoldsAtMostItsConfiguredUnreservedAndReservedNumbers() {
        String serviceSid = newService("limit").getSid();
        for (int i = 0; i < UNRESERVED_LIMIT; i++) {
            add(serviceSid, newNumber());
        }
        ApiException full = twilioError(() -> add(serviceSid, newNumber()));
        assertThat(full.getCode()).isEqualTo(20001);
        assertThat(full.getMessage()).contains(UNRESERVED_LIMIT + " unreserved");

        PhoneNumber reserved = PhoneNumber.creator(serviceSid).setPhoneNumber(newNumber()).setIsReserved(true).create(twilio);
        assertThat(reserved.getIsReserved()).isTrue();
        assertThat(twilioError(() -> PhoneNumber.updater(serviceSid, reserved.getSid()).setIsReserved(false).update(twilio))
                .getCode()).as("no room among the unreserved").isEqualTo(20001);
        for (int i = 1; i < RESERVED_LIMIT; i++) {
            PhoneNumber.creator(serviceSid).setPhoneNumber(newNumber()).setIsReserved(true).create(twilio);
        }
        ApiException noMoreReserved = twilioError(() -> PhoneNumber.creator(serviceSid).setPhoneNumber(newNumber())
                .setIsReserved(true).create(twilio));
        assertThat(noMoreReserved.getCode()).isEqualTo(20001);
        assertThat(noMoreReserved.getMessage()).contains(RESERVED_LIMIT + " reserved");
    }

    /** Deleted with its Service, a number is free at once for another Service: across two services and Kafka. */
    @Test
    void deletingAServiceFreesItsNumbersAtOnce() {
        String number = newNumber();
        Service doomed = newService("doomed");
        add(doomed.getSid(), number);

        assertThat(Service.deleter(doomed.getSid()).delete(twilio)).isTrue();
        PhoneNumber moved = add(newService("heir").getSid(), number);

        assertThat(moved.getPhoneNumber().toString()).isEqualTo(number);
        assertThat(twilioError(() -> PhoneNumber.reader(doomed.getSid()).read(twilio).iterator().hasNext()).getCode())
                .isEqualTo(20404);
    }
}
