package dev.openproxy.e2e;

import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.Session;
import dev.openproxy.localstack.ProxyService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Services and Sessions through the gateway with the official twilio-java library, exactly as a Twilio Proxy
 * customer's code calls them; every response is checked against Twilio's OpenAPI file (see {@link E2eTest}).
 */
class ServicesAndSessionsIT extends E2eTest {

    private static final int SESSIONS = 120;

    private Service newService(String prefix) {
        return Service.creator(prefix + "-" + UUID.randomUUID()).setDefaultTtl(3600).create(twilio);
    }

    private static int twilioCode(Runnable call) {
        ApiException error = catchThrowableOfType(ApiException.class, call::run);
        assertThat(error).as("an ApiException").isNotNull();
        return error.getCode();
    }

    @Test
    void oneHundredTwentySessionsLiveTheirWholeLifeThroughTwilioJava() {
        Service service = newService("e2e");
        assertThat(service.getSid()).matches("KS[0-9a-f]{32}");
        assertThat(service.getUrl()).isEqualTo(URI.create("https://proxy.twilio.com/v1/Services/" + service.getSid()));
        String serviceSid = service.getSid();

        Set<String> created = new HashSet<>();
        for (int i = 0; i < SESSIONS; i++) {
            Session session = Session.creator(serviceSid).setUniqueName("order-" + i).create(twilio);
            assertThat(session.getStatus()).isEqualTo(Session.Status.OPEN);
            assertThat(session.getTtl()).as("the Service's DefaultTtl").isEqualTo(3600);
            created.add(session.getSid());
        }

        // The library's own reader follows meta.next_page_url page after page.
        Set<String> listed = new HashSet<>();
        ResourceSet<Session> all = Session.reader(serviceSid).pageSize(50).read(twilio);
        for (Session session : all) {
            listed.add(session.getSid());
        }
        assertThat(listed).isEqualTo(created);
        long pagesFetched = http.exchanges().stream()
                .filter(e -> e.method().equals("GET") && e.path().equals("/v1/Services/" + serviceSid + "/Sessions"))
                .count();
        assertThat(pagesFetched).isEqualTo(3);

        Session byName = Session.fetcher(serviceSid, "order-7").fetch(twilio);
        assertThat(byName.getUniqueName()).isEqualTo("order-7");
        assertThat(created).contains(byName.getSid());

        Session closed = Session.updater(serviceSid, byName.getSid()).setStatus(Session.Status.CLOSED).update(twilio);
        assertThat(closed.getStatus()).isEqualTo(Session.Status.CLOSED);
        assertThat(closed.getClosedReason()).isEqualTo("api");
        assertThat(closed.getDateEnded()).isNotNull();

        Session reopened = Session.updater(serviceSid, byName.getSid()).setStatus(Session.Status.IN_PROGRESS).update(twilio);
        assertThat(reopened.getStatus()).isEqualTo(Session.Status.IN_PROGRESS);
        assertThat(reopened.getDateEnded()).isNull();

        Session doomed = Session.fetcher(serviceSid, "order-8").fetch(twilio);
        assertThat(Session.deleter(serviceSid, doomed.getSid()).delete(twilio)).isTrue();
        assertThat(twilioCode(() -> Session.fetcher(serviceSid, doomed.getSid()).fetch(twilio))).isEqualTo(20404);
    }

    @Test
    void twilioErrorCodesReachTheLibrary() {
        String serviceSid = newService("errors").getSid();
        Session open = Session.creator(serviceSid).setUniqueName("taken").create(twilio);

        assertThat(twilioCode(() -> Session.updater(serviceSid, open.getSid()).setStatus(Session.Status.IN_PROGRESS).update(twilio)))
                .as("open -> in-progress is not a Twilio transition").isEqualTo(80608);
        assertThat(twilioCode(() -> Session.creator(serviceSid).setUniqueName("taken").create(twilio)))
                .as("duplicate UniqueName").isEqualTo(80603);
        assertThat(twilioCode(() -> Session.fetcher(serviceSid, "KC" + "0".repeat(32)).fetch(twilio)))
                .as("unknown Session SID").isEqualTo(20404);
        assertThat(twilioCode(() -> Session.fetcher(serviceSid, "no-such-name").fetch(twilio)))
                .as("unknown UniqueName").isEqualTo(80308);

        Session.updater(serviceSid, open.getSid()).setStatus(Session.Status.CLOSED).update(twilio);
        assertThat(twilioCode(() -> Session.updater(serviceSid, open.getSid()).setTtl(60).update(twilio)))
                .as("a closed session takes no other update").isEqualTo(80607);
        assertThat(twilioCode(() -> Service.creator("negative-ttl").setDefaultTtl(-1).create(twilio)))
                .as("invalid parameter").isEqualTo(20001);
    }

    @Test
    void serviceSettingsRoundTripThroughTwilioJava() {
        Service service = Service.creator("settings-" + UUID.randomUUID())
                .setDefaultTtl(600)
                .setCallbackUrl(URI.create("https://example.com/callback"))
                .setGeoMatchLevel(Service.GeoMatchLevel.AREA_CODE)
                .setNumberSelectionBehavior(Service.NumberSelectionBehavior.AVOID_STICKY)
                .setInterceptCallbackUrl(URI.create("https://example.com/intercept"))
                .setOutOfSessionCallbackUrl(URI.create("https://example.com/out-of-session"))
                .setChatInstanceSid("IS" + "ab".repeat(16))
                .create(twilio);
        assertThat(service.getGeoMatchLevel()).isEqualTo(Service.GeoMatchLevel.AREA_CODE);
        assertThat(service.getNumberSelectionBehavior()).isEqualTo(Service.NumberSelectionBehavior.AVOID_STICKY);
        assertThat(service.getChatInstanceSid()).isEqualTo("IS" + "ab".repeat(16));

        Service updated = Service.updater(service.getSid()).setDefaultTtl(1200).update(twilio);
        assertThat(updated.getDefaultTtl()).isEqualTo(1200);
        assertThat(updated.getCallbackUrl()).isEqualTo(URI.create("https://example.com/callback"));
        assertThat(Service.fetcher(service.getSid()).fetch(twilio).getDefaultTtl()).isEqualTo(1200);

        // twilio-java sends dates without an offset; they mean UTC.
        ZonedDateTime expiry = ZonedDateTime.now(ZoneOffset.UTC).plusDays(1).truncatedTo(ChronoUnit.SECONDS);
        Session session = Session.creator(service.getSid()).setDateExpiry(expiry).setMode(Session.Mode.MESSAGE_ONLY).create(twilio);
        assertThat(session.getDateExpiry().toInstant()).isEqualTo(expiry.toInstant());
        assertThat(session.getMode()).isEqualTo(Session.Mode.MESSAGE_ONLY);

        assertThat(Service.deleter(service.getSid()).delete(twilio)).isTrue();
        assertThat(twilioCode(() -> Session.fetcher(service.getSid(), session.getSid()).fetch(twilio))).isEqualTo(20404);
    }

    @Test
    void ttlReachedWhileSessionServiceIsDownClosesTheSessionOnceItIsBack() {
        String serviceSid = newService("restart").getSid();
        Session session = Session.creator(serviceSid).setTtl(3).create(twilio);

        stack().stopService(ProxyService.SESSION);
        try {
            Thread.sleep(4_000); // the Ttl passes while nothing runs that could close the session
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stack().startService(ProxyService.SESSION);
        }

        Session after = eventually(Duration.ofSeconds(30), () -> Session.fetcher(serviceSid, session.getSid()).fetch(twilio),
                s -> s.getStatus() == Session.Status.CLOSED);
        assertThat(after.getStatus()).isEqualTo(Session.Status.CLOSED);
        assertThat(after.getClosedReason()).isEqualTo("ttl");
    }

    /** Polls until {@code done} holds (an outcome, not a duration, is asserted; the limit only stops a hang). */
    private static <T> T eventually(Duration limit, java.util.function.Supplier<T> read, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = read.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            last = read.get();
        }
        return last;
    }
}
