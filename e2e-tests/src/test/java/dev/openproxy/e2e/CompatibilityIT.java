package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.exception.RestException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.rest.Domains;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import com.twilio.rest.proxy.v1.service.Session;
import com.twilio.rest.proxy.v1.service.session.Interaction;
import com.twilio.rest.proxy.v1.service.session.Participant;
import com.twilio.rest.proxy.v1.service.session.participant.MessageInteraction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The compatibility suite: every operation of Twilio's Proxy v1 OpenAPI file, called through the official twilio-java
 * library as a Proxy customer's code calls it, every response checked against that file ({@link E2eTest}). The last
 * test proves the coverage: it reads the operations from the spec and fails when one of them never got a conforming
 * 2xx answer here. The removed ShortCodes resource, which older libraries still call, is checked for Twilio's 404.
 * docs/compatibility.md records what these tests show.
 *
 * <p>Interactions are made with CreateMessageInteraction, which needs no inbound carrier webhook, so this suite does
 * not depend on which carrier the stack runs with.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatibilityIT extends E2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shared by the tests of this class: each test's client reports to it, the last test reads it. */
    private static final OperationCoverage COVERAGE = new OperationCoverage(SpecOperations.twilioProxyV1());

    @BeforeEach
    void reportOperationsToTheCoverage() {
        http.addListener(COVERAGE);
    }

    /** New York numbers (+1 212 NXX XXXX), an area code no other test class uses, from a random start. */
    private static String newNumber() {
        return "+1212" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    private String newService() {
        return Service.creator("compat-" + UUID.randomUUID()).create(twilio).getSid();
    }

    private int lastStatus() {
        return http.lastExchange().status();
    }

    private JsonNode lastBody() throws IOException {
        return JSON.readTree(http.lastExchange().body());
    }

    private static ApiException twilioError(Runnable call) {
        ApiException error = catchThrowableOfType(ApiException.class, call::run);
        assertThat(error).as("an ApiException").isNotNull();
        return error;
    }

    @Test
    @Order(1)
    void services() throws IOException {
        String name = "compat-service-" + UUID.randomUUID();
        Service created = Service.creator(name)
                .setDefaultTtl(600)
                .setCallbackUrl(URI.create("https://example.com/callback"))
                .setGeoMatchLevel(Service.GeoMatchLevel.COUNTRY)
                .setNumberSelectionBehavior(Service.NumberSelectionBehavior.PREFER_STICKY)
                .setInterceptCallbackUrl(URI.create("https://example.com/intercept"))
                .setOutOfSessionCallbackUrl(URI.create("https://example.com/out-of-session"))
                .setChatInstanceSid("IS" + "cd".repeat(16))
                .create(twilio);
        assertThat(lastStatus()).as("CreateService").isEqualTo(201);
        String sid = created.getSid();
        assertThat(created.getUniqueName()).isEqualTo(name);
        assertThat(created.getAccountSid()).isEqualTo(ProxyStack.ACCOUNT_SID);
        assertThat(created.getLinks()).containsOnlyKeys("sessions", "phone_numbers");

        assertThat(Service.fetcher(sid).fetch(twilio).getUniqueName()).as("FetchService by SID").isEqualTo(name);
        assertThat(Service.fetcher(name).fetch(twilio).getSid()).as("FetchService by UniqueName").isEqualTo(sid);

        List<String> listed = new ArrayList<>();
        Service.reader().pageSize(1000).read(twilio).forEach(service -> listed.add(service.getSid()));
        assertThat(listed).as("ListService").contains(sid);
        assertThat(lastBody().path("meta").path("page_size").asInt()).as("at most 100 records a page").isEqualTo(100);

        Service updated = Service.updater(sid).setDefaultTtl(1200).setGeoMatchLevel(Service.GeoMatchLevel.AREA_CODE)
                .setNumberSelectionBehavior(Service.NumberSelectionBehavior.AVOID_STICKY).update(twilio);
        assertThat(lastStatus()).as("UpdateService").isEqualTo(200);
        assertThat(updated.getDefaultTtl()).isEqualTo(1200);
        assertThat(updated.getGeoMatchLevel()).isEqualTo(Service.GeoMatchLevel.AREA_CODE);
        assertThat(updated.getCallbackUrl()).as("absent parameters are kept").isEqualTo(created.getCallbackUrl());

        assertThat(Service.deleter(sid).delete(twilio)).as("DeleteService").isTrue();
        assertThat(lastStatus()).isEqualTo(204);
        ApiException gone = twilioError(() -> Service.fetcher(sid).fetch(twilio));
        assertThat(gone.getCode()).isEqualTo(20404);
        assertThat(gone.getStatusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void phoneNumbers() {
        String service = newService();
        String number = newNumber();
        PhoneNumber created = PhoneNumber.creator(service).setPhoneNumber(number).setIsReserved(false).create(twilio);
        assertThat(lastStatus()).as("CreatePhoneNumber").isEqualTo(201);
        assertThat(created.getPhoneNumber().toString()).isEqualTo(number);
        assertThat(created.getIsoCountry()).isEqualTo("US");
        assertThat(created.getInUse()).isZero();

        assertThat(PhoneNumber.fetcher(service, created.getSid()).fetch(twilio).getPhoneNumber().toString())
                .as("FetchPhoneNumber").isEqualTo(number);
        List<String> listed = new ArrayList<>();
        PhoneNumber.reader(service).read(twilio).forEach(n -> listed.add(n.getSid()));
        assertThat(listed).as("ListPhoneNumber").containsExactly(created.getSid());

        assertThat(PhoneNumber.updater(service, created.getSid()).setIsReserved(true).update(twilio).getIsReserved())
                .as("UpdatePhoneNumber").isTrue();
        assertThat(lastStatus()).isEqualTo(200);

        assertThat(PhoneNumber.deleter(service, created.getSid()).delete(twilio)).as("DeletePhoneNumber").isTrue();
        assertThat(lastStatus()).isEqualTo(204);
        assertThat(twilioError(() -> PhoneNumber.fetcher(service, created.getSid()).fetch(twilio)).getCode())
                .isEqualTo(20404);
    }

    @Test
    @Order(3)
    void sessions() {
        String service = newService();
        PhoneNumber.creator(service).setPhoneNumber(newNumber()).create(twilio);
        ZonedDateTime expiry = ZonedDateTime.now(ZoneOffset.UTC).plusDays(2).truncatedTo(ChronoUnit.SECONDS);
        Session created = Session.creator(service)
                .setUniqueName("compat-order-1")
                .setTtl(3600)
                .setDateExpiry(expiry)
                .setMode(Session.Mode.MESSAGE_ONLY)
                .setStatus(Session.Status.OPEN)
                .setParticipants(List.of(Map.of("Identifier", newNumber(), "FriendlyName", "Alice")))
                .create(twilio);
        assertThat(lastStatus()).as("CreateSession").isEqualTo(201);
        String sid = created.getSid();
        assertThat(created.getStatus()).isEqualTo(Session.Status.OPEN);
        assertThat(created.getDateExpiry().toInstant()).isEqualTo(expiry.toInstant());
        assertThat(created.getLinks()).containsOnlyKeys("interactions", "participants");

        assertThat(Session.fetcher(service, sid).fetch(twilio).getUniqueName()).as("FetchSession by SID")
                .isEqualTo("compat-order-1");
        assertThat(Session.fetcher(service, "compat-order-1").fetch(twilio).getSid()).as("FetchSession by UniqueName")
                .isEqualTo(sid);
        assertThat(twilioError(() -> Session.fetcher(service, "no-such-session").fetch(twilio)).getCode())
                .isEqualTo(80308);

        Session other = Session.creator(service).create(twilio);
        List<String> listed = new ArrayList<>();
        // One record a page: the library follows meta.next_page_url. (Creation times are whole seconds and ties are
        // ordered by SID, so the order of two sessions created within a second is not asserted.)
        Session.reader(service).pageSize(1).read(twilio).forEach(session -> listed.add(session.getSid()));
        assertThat(listed).as("ListSession").containsExactlyInAnyOrder(sid, other.getSid());

        Session updated = Session.updater(service, sid).setTtl(60).update(twilio);
        assertThat(lastStatus()).as("UpdateSession").isEqualTo(200);
        assertThat(updated.getTtl()).isEqualTo(60);
        Session closed = Session.updater(service, sid).setStatus(Session.Status.CLOSED).update(twilio);
        assertThat(closed.getStatus()).isEqualTo(Session.Status.CLOSED);
        assertThat(closed.getClosedReason()).isEqualTo("api");
        assertThat(Session.updater(service, sid).setStatus(Session.Status.IN_PROGRESS).update(twilio).getStatus())
                .as("closed -> in-progress re-opens").isEqualTo(Session.Status.IN_PROGRESS);

        assertThat(Session.deleter(service, sid).delete(twilio)).as("DeleteSession").isTrue();
        assertThat(lastStatus()).isEqualTo(204);
        assertThat(twilioError(() -> Session.fetcher(service, sid).fetch(twilio)).getCode()).isEqualTo(20404);
    }

    @Test
    @Order(4)
    void participants() {
        String service = newService();
        PhoneNumber pool = PhoneNumber.creator(service).setPhoneNumber(newNumber()).create(twilio);
        String session = Session.creator(service).create(twilio).getSid();
        String alice = newNumber();

        Participant created = Participant.creator(service, session, alice).setFriendlyName("Alice").create(twilio);
        assertThat(lastStatus()).as("CreateParticipant").isEqualTo(201);
        assertThat(created.getIdentifier()).isEqualTo(alice);
        assertThat(created.getProxyIdentifier()).as("chosen from the pool").isEqualTo(pool.getPhoneNumber().toString());
        assertThat(created.getProxyIdentifierSid()).isEqualTo(pool.getSid());
        assertThat(created.getLinks()).containsOnlyKeys("message_interactions");
        Participant named = Participant.creator(service, session, newNumber()).setProxyIdentifierSid(pool.getSid())
                .create(twilio);
        assertThat(named.getProxyIdentifierSid()).isEqualTo(pool.getSid());

        assertThat(Participant.fetcher(service, session, created.getSid()).fetch(twilio).getFriendlyName())
                .as("FetchParticipant").isEqualTo("Alice");
        List<String> listed = new ArrayList<>();
        Participant.reader(service, session).read(twilio).forEach(p -> listed.add(p.getSid()));
        assertThat(listed).as("ListParticipant").containsExactlyInAnyOrder(created.getSid(), named.getSid());

        assertThat(Participant.deleter(service, session, named.getSid()).delete(twilio)).as("DeleteParticipant").isTrue();
        assertThat(lastStatus()).as("a soft delete answers 200, as Twilio's spec says").isEqualTo(200);
        assertThat(Participant.fetcher(service, session, named.getSid()).fetch(twilio).getDateDeleted()).isNotNull();
        assertThat(twilioError(() -> Participant.creator(service, session, named.getIdentifier()).create(twilio))
                .getCode()).as("a deleted participant cannot be re-added").isEqualTo(80103);
    }

    @Test
    @Order(5)
    void messageInteractionsAndInteractions() {
        String service = newService();
        PhoneNumber.creator(service).setPhoneNumber(newNumber()).create(twilio);
        String session = Session.creator(service).setMode(Session.Mode.MESSAGE_ONLY).create(twilio).getSid();
        Participant alice = Participant.creator(service, session, newNumber()).create(twilio);

        MessageInteraction sent = MessageInteraction.creator(service, session, alice.getSid(), "Your ride is here")
                .create(twilio);
        assertThat(lastStatus()).as("CreateMessageInteraction answers 200, as Twilio's spec says").isEqualTo(200);
        assertThat(sent.getSid()).matches("KI[0-9a-f]{32}");
        assertThat(sent.getParticipantSid()).isEqualTo(alice.getSid());
        assertThat(sent.getType()).isEqualTo(MessageInteraction.Type.MESSAGE);
        assertThat(sent.getInboundParticipantSid()).as("no inbound leg").isNull();
        assertThat(sent.getOutboundParticipantSid()).isEqualTo(alice.getSid());

        assertThat(MessageInteraction.fetcher(service, session, alice.getSid(), sent.getSid()).fetch(twilio).getSid())
                .as("FetchMessageInteraction").isEqualTo(sent.getSid());
        List<String> sentList = new ArrayList<>();
        MessageInteraction.reader(service, session, alice.getSid()).read(twilio).forEach(m -> sentList.add(m.getSid()));
        assertThat(sentList).as("ListMessageInteraction").containsExactly(sent.getSid());

        List<Interaction> interactions = new ArrayList<>();
        Interaction.reader(service, session).read(twilio).forEach(interactions::add);
        assertThat(interactions).as("ListInteraction").extracting(Interaction::getSid).containsExactly(sent.getSid());
        Interaction fetched = Interaction.fetcher(service, session, sent.getSid()).fetch(twilio);
        assertThat(fetched.getType()).as("FetchInteraction").isEqualTo(Interaction.Type.MESSAGE);
        assertThat(fetched.getData()).contains("Your ride is here");

        // The interaction reaches session-service through Kafka: the Ttl clock, open -> in-progress.
        Session touched = eventually(() -> Session.fetcher(service, session).fetch(twilio),
                s -> s.getDateLastInteraction() != null);
        assertThat(touched.getDateLastInteraction()).isNotNull();
        assertThat(touched.getStatus()).isEqualTo(Session.Status.IN_PROGRESS);

        assertThat(Interaction.deleter(service, session, sent.getSid()).delete(twilio)).as("DeleteInteraction").isTrue();
        assertThat(lastStatus()).isEqualTo(204);
        assertThat(Interaction.reader(service, session).read(twilio).iterator().hasNext()).isFalse();
        assertThat(twilioError(() -> Interaction.fetcher(service, session, sent.getSid()).fetch(twilio)).getCode())
                .isEqualTo(20404);
    }

    /**
     * ShortCodes left Twilio's spec in July 2025 and twilio-java no longer has them; older libraries still send these
     * requests. They are answered with Twilio's 404 for a path it does not have, through twilio-java's own request
     * layer (same host, auth and form encoding as a generated resource).
     */
    @Test
    @Order(6)
    void removedShortCodesAreNotFound() {
        String service = newService();
        String shortCodes = "/v1/Services/" + service + "/ShortCodes";
        String shortCode = shortCodes + "/SC" + "ab".repeat(16);
        Map<String, Response> answers = Map.of(
                "ListShortCode", twilio.request(new Request(HttpMethod.GET, Domains.PROXY.toString(), shortCodes)),
                "CreateShortCode", twilio.request(shortCodeCreation(shortCodes)),
                "FetchShortCode", twilio.request(new Request(HttpMethod.GET, Domains.PROXY.toString(), shortCode)),
                "UpdateShortCode", twilio.request(withReservation(new Request(HttpMethod.POST,
                        Domains.PROXY.toString(), shortCode))),
                "DeleteShortCode", twilio.request(new Request(HttpMethod.DELETE, Domains.PROXY.toString(), shortCode)));

        answers.forEach((operation, response) -> {
            assertThat(response.getStatusCode()).as(operation).isEqualTo(404);
            RestException error = RestException.fromJson(response.getStream(), twilio.getObjectMapper());
            assertThat(error.getCode()).as(operation).isEqualTo(20404);
            assertThat(error.getMessage()).as(operation).startsWith("The requested resource /v1/Services/")
                    .endsWith("was not found");
        });
    }

    private static Request shortCodeCreation(String path) {
        Request request = new Request(HttpMethod.POST, Domains.PROXY.toString(), path);
        request.addPostParam("Sid", "SC" + "ab".repeat(16));
        return request;
    }

    private static Request withReservation(Request request) {
        request.addPostParam("IsReserved", "true");
        return request;
    }

    /** Behaviours docs/compatibility.md records for the wire and the edge, beyond single operations. */
    @Test
    @Order(7)
    void edgeBehaviours() {
        String service = newService();
        String session = Session.creator(service).create(twilio).getSid();

        Response createInteraction = twilio.request(new Request(HttpMethod.POST, Domains.PROXY.toString(),
                "/v1/Services/" + service + "/Sessions/" + session + "/Interactions"));
        assertThat(createInteraction.getStatusCode()).as("a method the path does not have").isEqualTo(405);
        assertThat(RestException.fromJson(createInteraction.getStream(), twilio.getObjectMapper()).getCode())
                .isEqualTo(20004);

        ApiException tooLarge = twilioError(() -> Session.reader(service).pageSize(1001).firstPage(twilio));
        assertThat(tooLarge.getCode()).as("PageSize above 1000").isEqualTo(20001);
        assertThat(tooLarge.getStatusCode()).isEqualTo(400);

        ApiException unauthenticated = twilioError(() -> Service.fetcher(service)
                .fetch(clientFor(ProxyStack.ACCOUNT_SID, "not-the-token")));
        assertThat(unauthenticated.getCode()).isEqualTo(20003);
        assertThat(unauthenticated.getStatusCode()).isEqualTo(401);
    }

    /** Runs last: every operation of the spec, read from the file, must have had a conforming 2xx above. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyOperationOfTwiliosSpecWasExercised() {
        assertThat(SpecOperations.twilioProxyV1().all()).as("operations in twilio_proxy_v1.json").hasSize(25);
        COVERAGE.assertEveryOperationCovered();
        Set<String> outside = COVERAGE.outsideSpec().stream()
                .map(request -> request.replaceAll("KS[0-9a-f]{32}", "{ServiceSid}").replaceAll("KC[0-9a-f]{32}",
                        "{SessionSid}").replaceAll("SC[0-9a-f]{32}", "{Sid}"))
                .collect(Collectors.toSet());
        assertThat(outside).as("requests outside the spec: the removed ShortCodes and one 405").containsExactlyInAnyOrder(
                "POST /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions",
                "GET /v1/Services/{ServiceSid}/ShortCodes", "POST /v1/Services/{ServiceSid}/ShortCodes",
                "GET /v1/Services/{ServiceSid}/ShortCodes/{Sid}", "POST /v1/Services/{ServiceSid}/ShortCodes/{Sid}",
                "DELETE /v1/Services/{ServiceSid}/ShortCodes/{Sid}");
    }

    /** Reads until {@code done} holds or 30 s passed (an outcome is asserted, not a duration). */
    private static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = read.get();
        }
        return value;
    }
}
