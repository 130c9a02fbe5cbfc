package dev.openproxy.numberpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.participant.ParticipantRemovedEvent;
import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.contracts.events.service.ServiceSettings;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.numberpool.metrics.PoolMetrics;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import dev.openproxy.numberpool.NumberPoolServiceApplication;
import dev.openproxy.support.projection.ProjectionRebuild;
import dev.openproxy.testsupport.ProjectionRebuildCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * number-pool-service over HTTP against a real PostgreSQL and a real (KRaft) Kafka broker. The other services are
 * played by {@link PeerEvents}: the Service, Session and Participant events they would publish. Limits are lowered
 * (5 unreserved, 3 reserved, 2 recommended active participants) so the tests reach them quickly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "openproxy.pool.max-unreserved=5",
                "openproxy.pool.max-reserved=3",
                "openproxy.pool.recommended-active-participants=2",
                "openproxy.pool.metrics-refresh-interval=PT1H"})
@EmbeddedKafka(kraft = true, partitions = 1)
@AutoConfigureObservability // Spring Boot tests disable metrics export unless asked
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the projection rebuild goes last, over what the others wrote
class PhoneNumberServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Distinct valid US numbers for every add of this JVM: +1 415 2xx xxxx. */
    private static final AtomicInteger NEXT_NUMBER = new AtomicInteger(2_000_000);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "number_pool_it");
    }

    @LocalServerPort
    int port;
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    PoolMetrics metrics;
    @Autowired
    ConfigurableApplicationContext context;

    private PoolApi api;
    private PeerEvents peers;
    private final String account = SidPrefix.ACCOUNT.newSid();

    @BeforeEach
    void setUp() {
        api = new PoolApi(port);
        peers = new PeerEvents(kafka);
    }

    private static String newNumber() {
        return "+1415" + NEXT_NUMBER.getAndIncrement();
    }

    /** A Service as session-service announces it; the pool learns of it from Kafka only. */
    private String newService(String owner) {
        String sid = SidPrefix.SERVICE.newSid();
        peers.publish(Topics.SERVICES, sid, EventTypes.SERVICE_CREATED, owner, new ServiceCreatedEvent(sid, owner,
                new ServiceSettings("svc-" + UUID.randomUUID(), 0, null, "country", "prefer-sticky", null, null, null),
                Instant.now()));
        return sid;
    }

    private String numbers(String service) {
        return "/v1/Services/" + service + "/PhoneNumbers";
    }

    private PoolApi.Reply add(String service, String... pairs) {
        return api.post(account, numbers(service), pairs);
    }

    private String addNumber(String service, String... extra) {
        List<String> pairs = new ArrayList<>(List.of("PhoneNumber", newNumber()));
        pairs.addAll(List.of(extra));
        PoolApi.Reply reply = add(service, pairs.toArray(String[]::new));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
        return reply.text("sid");
    }

    @Test
    void aNumberLivesItsWholeLifeWithEveryTwilioProperty() {
        String service = newService(account);
        PoolApi.Reply created = add(service, "PhoneNumber", "+1 (415) 555-0100", "IsReserved", "true");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode body = created.body();
        String sid = body.get("sid").asText();
        assertThat(SidPrefix.PHONE_NUMBER.matches(sid)).isTrue();
        assertThat(body.get("account_sid").asText()).isEqualTo(account);
        assertThat(body.get("service_sid").asText()).isEqualTo(service);
        assertThat(body.get("phone_number").asText()).isEqualTo("+14155550100");
        assertThat(body.get("friendly_name").asText()).isEqualTo("(415) 555-0100");
        assertThat(body.get("iso_country").asText()).isEqualTo("US");
        assertThat(body.get("capabilities")).isEqualTo(JSON.valueToTree(Map.of("fax", false, "mms", false, "sms", true, "voice", true)));
        assertThat(body.get("is_reserved").asBoolean()).isTrue();
        assertThat(body.get("in_use").asInt()).isZero();
        assertThat(body.get("url").asText()).isEqualTo("http://localhost:8080" + numbers(service) + "/" + sid);
        assertThat(body.get("date_created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("sid", "account_sid",
                "service_sid", "date_created", "date_updated", "phone_number", "friendly_name", "iso_country",
                "capabilities", "url", "is_reserved", "in_use");

        assertThat(api.get(account, numbers(service) + "/" + sid).body()).isEqualTo(body);

        PoolApi.Reply unreserved = api.post(account, numbers(service) + "/" + sid, "IsReserved", "false");
        assertThat(unreserved.status()).isEqualTo(200);
        assertThat(unreserved.body().get("is_reserved").asBoolean()).isFalse();
        assertThat(api.post(account, numbers(service) + "/" + sid).body().get("is_reserved").asBoolean())
                .as("an update without IsReserved changes nothing").isFalse();

        PoolApi.Reply listed = api.get(account, numbers(service));
        assertThat(listed.body().get("phone_numbers")).hasSize(1);
        assertThat(listed.body().get("meta").get("key").asText()).isEqualTo("phone_numbers");

        assertThat(api.delete(account, numbers(service) + "/" + sid).status()).isEqualTo(204);
        assertThat(api.get(account, numbers(service) + "/" + sid).code()).isEqualTo(20404);
        assertThat(api.delete(account, numbers(service) + "/" + sid).code()).isEqualTo(20404);
    }

    @Test
    void selfHostingParametersSetFriendlyNameAndCapabilities() {
        String service = newService(account);
        PoolApi.Reply reply = add(service, "PhoneNumber", "+33612345678", "FriendlyName", "Paris desk",
                "SmsEnabled", "false", "MmsEnabled", "TRUE", "VoiceEnabled", "true", "FaxEnabled", "true");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
        assertThat(reply.text("friendly_name")).isEqualTo("Paris desk");
        assertThat(reply.text("iso_country")).isEqualTo("FR");
        assertThat(reply.body().get("capabilities")).isEqualTo(JSON.valueToTree(Map.of("fax", true, "mms", true, "sms", false, "voice", true)));
        assertThat(add(service, "PhoneNumber", newNumber(), "FriendlyName", "x".repeat(65)).code()).isEqualTo(20001);
        assertThat(add(service, "PhoneNumber", newNumber(), "SmsEnabled", "yes").code()).isEqualTo(20001);
    }

    @Test
    void aSidChosenWithTheNumberIsKeptAndComesBackWithIt() {
        String first = newService(account);
        String second = newService(account);
        String sid = "PN" + UUID.randomUUID().toString().replace("-", "");
        String number = newNumber();
        assertThat(add(first, "Sid", sid, "PhoneNumber", number).text("sid")).isEqualTo(sid);
        assertThat(api.delete(account, numbers(first) + "/" + sid).status()).isEqualTo(204);
        PoolApi.Reply back = add(second, "Sid", sid, "PhoneNumber", number);
        assertThat(back.status()).as(back.body().toString()).isEqualTo(201);
        assertThat(back.text("service_sid")).isEqualTo(second);
        assertThat(add(first, "Sid", sid, "PhoneNumber", newNumber()).code()).as("a SID in a pool").isEqualTo(80601);

        PoolApi.Reply sidAlone = add(first, "Sid", "PN" + "a".repeat(32));
        assertThat(sidAlone.status()).isEqualTo(400);
        assertThat(sidAlone.code()).isEqualTo(20001);
        assertThat(sidAlone.text("message")).contains("PhoneNumber is required");
    }

    @Test
    void badNumbersAreTwilioErrorsAndStoreNothing() {
        String service = newService(account);
        for (String bad : List.of("+1", "abc", "123456789012345678901234567890", "+123456789012345678901234567890",
                "", "14155550100", "+1415555abcd")) {
            PoolApi.Reply reply = add(service, "PhoneNumber", bad);
            assertThat(reply.status()).as(bad).isEqualTo(400);
            assertThat(reply.code()).as(bad).isEqualTo(20001);
            assertThat(reply.body().get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20001");
        }
        assertThat(add(service).code()).as("no PhoneNumber at all").isEqualTo(20001);
        assertThat(add(service, "PhoneNumber", newNumber(), "IsReserved", "maybe").code()).isEqualTo(20001);
        assertThat(add(service, "PhoneNumber", newNumber(), "Sid", "PN123").code()).isEqualTo(20001);
        assertThat(api.post(account, numbers(service) + "/PN" + "0".repeat(32), "IsReserved", "true").code()).isEqualTo(20404);
        assertThat(api.get(account, numbers(service) + "/not-a-sid").code()).isEqualTo(20404);
        assertThat(api.get(account, numbers(service) + "?PageSize=0").code()).isEqualTo(20001);
        assertThat(api.post(null, numbers(service), "PhoneNumber", newNumber()).code()).isEqualTo(20003);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pool_numbers WHERE service_sid = ?", Integer.class, service)).isZero();
    }

    @Test
    void unknownAndForeignServicesAreNotFound() {
        assertThat(add(SidPrefix.SERVICE.newSid(), "PhoneNumber", newNumber()).code()).isEqualTo(20404);
        assertThat(add("support-line", "PhoneNumber", newNumber()).code()).isEqualTo(20404);
        String service = newService(account);
        String sid = addNumber(service);
        String stranger = SidPrefix.ACCOUNT.newSid();
        assertThat(api.get(stranger, numbers(service)).code()).isEqualTo(20404);
        assertThat(api.get(stranger, numbers(service) + "/" + sid).code()).isEqualTo(20404);
        assertThat(api.delete(stranger, numbers(service) + "/" + sid).code()).isEqualTo(20404);
        assertThat(api.get(account, numbers(newService(account)) + "/" + sid).code()).as("another Service's number").isEqualTo(20404);
    }

    /** A client creates a Service and adds a number at once: the pool must never answer 20404 for it. */
    @Test
    void aNumberAddedRightAfterItsServiceWasCreatedIsNeverRefused() {
        for (int i = 0; i < 25; i++) {
            String service = newService(account);
            PoolApi.Reply reply = add(service, "PhoneNumber", newNumber());
            assertThat(reply.status()).as("attempt %d: %s", i, reply.body()).isEqualTo(201);
        }
    }

    @Test
    void aNumberBelongsToOneServiceDeploymentWide() {
        String number = newNumber();
        String first = newService(account);
        assertThat(add(first, "PhoneNumber", number).status()).isEqualTo(201);
        PoolApi.Reply again = add(first, "PhoneNumber", number);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo(80601);
        assertThat(add(newService(account), "PhoneNumber", number).code()).isEqualTo(80601);
        String stranger = SidPrefix.ACCOUNT.newSid();
        assertThat(api.post(stranger, numbers(newService(stranger)), "PhoneNumber", number).code()).isEqualTo(80601);
    }

    @Test
    void limitsHoldForBothHalvesOfThePoolAndReservationMovesBetweenThem() {
        String service = newService(account);
        List<String> unreserved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            unreserved.add(addNumber(service));
        }
        PoolApi.Reply sixth = add(service, "PhoneNumber", newNumber());
        assertThat(sixth.status()).isEqualTo(400);
        assertThat(sixth.code()).isEqualTo(20001);
        assertThat(sixth.text("message")).contains("5 unreserved");

        List<String> reserved = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reserved.add(addNumber(service, "IsReserved", "true"));
        }
        assertThat(add(service, "PhoneNumber", newNumber(), "IsReserved", "true").code()).isEqualTo(20001);

        // Both halves full: neither half can take a number from the other.
        assertThat(api.post(account, numbers(service) + "/" + unreserved.get(0), "IsReserved", "true").code()).isEqualTo(20001);
        assertThat(api.post(account, numbers(service) + "/" + reserved.get(0), "IsReserved", "false").code()).isEqualTo(20001);

        assertThat(api.delete(account, numbers(service) + "/" + unreserved.get(0)).status()).isEqualTo(204);
        assertThat(api.post(account, numbers(service) + "/" + reserved.get(0), "IsReserved", "false").status()).isEqualTo(200);
        assertThat(api.post(account, numbers(service) + "/" + unreserved.get(1), "IsReserved", "true").status()).isEqualTo(200);
        addNumber(service); // the slot the first deletion freed
        assertThat(add(service, "PhoneNumber", newNumber()).code()).as("unreserved half full again").isEqualTo(20001);

        Map<String, Object> counts = jdbc.queryForMap("SELECT reserved, unreserved FROM pool_capacity WHERE service_sid = ?", service);
        assertThat(counts).containsEntry("reserved", 3).containsEntry("unreserved", 5);
        assertThat(api.get(account, numbers(service) + "?PageSize=3").body().get("meta").get("next_page_url").asText())
                .contains("PageToken=");
    }

    @Test
    void concurrentAddsNeverPassTheLimit() throws Exception {
        String service = newService(account);
        List<Integer> statuses = race(16, i -> add(service, "PhoneNumber", newNumber()));
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 400).hasSize(11);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pool_numbers WHERE service_sid = ?", Integer.class, service)).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT unreserved FROM pool_capacity WHERE service_sid = ?", Integer.class, service)).isEqualTo(5);
    }

    @Test
    void concurrentAddsOfOneNumberToTwoServicesLetOneWin() throws Exception {
        String number = newNumber();
        List<String> services = List.of(newService(account), newService(account));
        List<Integer> statuses = race(8, i -> add(services.get(i % 2), "PhoneNumber", number));
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 400).hasSize(7);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pool_numbers WHERE phone_number = ?", Integer.class, number)).isEqualTo(1);
    }

    /** Runs the calls at the same moment; every answer must be a Twilio 201 or 400, never a 5xx. */
    private static List<Integer> race(int callers, Function<Integer, PoolApi.Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<PoolApi.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int caller = i;
                Callable<PoolApi.Reply> task = () -> {
                    start.await();
                    return call.apply(caller);
                };
                replies.add(pool.submit(task));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<PoolApi.Reply> reply : replies) {
                PoolApi.Reply r = reply.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body().toString()).isIn(201, 400);
                if (r.status() == 400) {
                    assertThat(r.code()).as(r.body().toString()).isIn(20001, 80601);
                }
                statuses.add(r.status());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inUseFollowsParticipantsAndSessionsAndBlocksDeletion() {
        String service = newService(account);
        String number = addNumber(service);
        String path = numbers(service) + "/" + number;
        String session = SidPrefix.SESSION.newSid();
        String first = SidPrefix.PARTICIPANT.newSid();
        String second = SidPrefix.PARTICIPANT.newSid();
        peers.publish(Topics.SESSIONS, session, EventTypes.SESSION_CREATED, account,
                new SessionCreatedEvent(session, service, account, null, "voice-and-message", "open", 0, null, Instant.now()));
        ParticipantAddedEvent added = participant(first, session, service, number);
        peers.publish(Topics.PARTICIPANTS, session, EventTypes.PARTICIPANT_ADDED, account, added);
        peers.publish(Topics.PARTICIPANTS, session, EventTypes.PARTICIPANT_ADDED, account, added); // delivered twice
        peers.publish(Topics.PARTICIPANTS, session, EventTypes.PARTICIPANT_ADDED, account, participant(second, session, service, number));
        // Both participants applied (the redelivery skipped); in_use counts their one session.
        await().atMost(Duration.ofSeconds(10)).until(() -> activeParticipants(number) == 2);
        awaitInUse(path, 1);

        PoolApi.Reply refused = api.delete(account, path);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo(20001);
        assertThat(refused.text("message")).contains("in use by 1 open or in-progress Session");

        peers.publish(Topics.SESSIONS, session, EventTypes.SESSION_CLOSED, account,
                new SessionClosedEvent(session, service, account, "api", Instant.now()));
        awaitInUse(path, 0);
        peers.publish(Topics.SESSIONS, session, EventTypes.SESSION_REOPENED, account,
                new SessionReopenedEvent(session, service, account, Instant.now()));
        awaitInUse(path, 1);
        peers.publish(Topics.PARTICIPANTS, session, EventTypes.PARTICIPANT_REMOVED, account,
                new ParticipantRemovedEvent(first, session, service, account, number, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> activeParticipants(number) == 1);
        assertThat(api.get(account, path).body().get("in_use").asInt()).isEqualTo(1);

        // A session deleted on one topic before its participant arrives on the other still counts for nothing.
        String late = SidPrefix.SESSION.newSid();
        peers.publish(Topics.SESSIONS, late, EventTypes.SESSION_DELETED, account,
                new SessionDeletedEvent(late, service, account, Instant.now()));
        peers.publish(Topics.PARTICIPANTS, late, EventTypes.PARTICIPANT_ADDED, account,
                participant(SidPrefix.PARTICIPANT.newSid(), late, service, number));
        peers.publishRaw(Topics.PARTICIPANTS, late, "not a cloud event"); // skipped, not retried forever
        peers.publish(Topics.SESSIONS, session, EventTypes.SESSION_DELETED, account,
                new SessionDeletedEvent(session, service, account, Instant.now()));
        awaitInUse(path, 0);
        assertThat(activeParticipants(number)).isZero();
        // Deleting right after the session was deleted is not refused: the delete catches up with the topics first.
        assertThat(api.delete(account, path).status()).isEqualTo(204);
    }

    @Test
    void aNumberAboveTheRecommendedParticipantsIsCountedPerServiceWithoutItsPhoneNumber() {
        String service = newService(account);
        String number = addNumber(service);
        for (int i = 0; i < 3; i++) {
            String session = SidPrefix.SESSION.newSid();
            peers.publish(Topics.PARTICIPANTS, session, EventTypes.PARTICIPANT_ADDED, account,
                    participant(SidPrefix.PARTICIPANT.newSid(), session, service, number));
        }
        awaitInUse(numbers(service) + "/" + number, 3);
        metrics.refresh();
        String scrape = api.getText("/actuator/prometheus");
        String tag = "service_sid=\"" + service + "\"";
        assertThat(scrape).containsPattern("openproxy_pool_numbers\\{[^}]*" + tag + "[^}]*} 1\\.0");
        assertThat(scrape).containsPattern("openproxy_pool_numbers_unreserved\\{[^}]*" + tag + "[^}]*} 1\\.0");
        assertThat(scrape).containsPattern("openproxy_pool_numbers_reserved\\{[^}]*" + tag + "[^}]*} 0\\.0");
        assertThat(scrape).containsPattern("openproxy_pool_busiest_number_active_participants\\{[^}]*" + tag + "[^}]*} 3\\.0");
        assertThat(scrape).containsPattern("openproxy_pool_numbers_over_recommended_participants\\{[^}]*" + tag + "[^}]*} 1\\.0");
        assertThat(scrape).containsPattern("openproxy_pool_recommended_participants_exceeded_total\\{[^}]*" + tag + "[^}]*} 1\\.0");
        String phoneNumber = jdbc.queryForObject("SELECT phone_number FROM pool_numbers WHERE sid = ?", String.class, number);
        assertThat(scrape).doesNotContain(phoneNumber).doesNotContain(phoneNumber.substring(1));
    }

    @Test
    void deletingAServiceRemovesItsNumbersThroughTheirAggregates() {
        String service = newService(account);
        String reusedNumber = newNumber();
        String first = addNumber(service);
        add(service, "PhoneNumber", reusedNumber);
        addNumber(service, "IsReserved", "true");
        peers.publish(Topics.SERVICES, service, EventTypes.SERVICE_DELETED, account,
                new ServiceDeletedEvent(service, account, Instant.now()));

        // At once: the number of the deleted Service is free for another one (the add catches up with the deletion).
        PoolApi.Reply moved = add(newService(account), "PhoneNumber", reusedNumber);
        assertThat(moved.status()).as(moved.body().toString()).isEqualTo(201);
        assertThat(api.get(account, numbers(service)).code()).isEqualTo(20404);
        assertThat(add(service, "PhoneNumber", newNumber()).code()).as("no numbers join a deleted Service").isEqualTo(20404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pool_numbers WHERE service_sid = ?", Integer.class, service)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%PhoneNumberRemovedEvent' "
                + "AND convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%" + service + "%")).isEqualTo(3);

        List<JsonNode> published = consume(Topics.PHONE_NUMBERS, first, 2);
        assertThat(published).extracting(e -> e.get("type").asText())
                .containsExactly(EventTypes.PHONE_NUMBER_ADDED, EventTypes.PHONE_NUMBER_REMOVED);
    }

    @Test
    void everyChangeIsPublishedToKafkaKeyedByThePhoneNumberSid() {
        String service = newService(account);
        String sid = addNumber(service, "FriendlyName", "front desk");
        api.post(account, numbers(service) + "/" + sid, "IsReserved", "true");
        api.post(account, numbers(service) + "/" + sid, "IsReserved", "true"); // no change, no event
        assertThat(api.delete(account, numbers(service) + "/" + sid).status()).isEqualTo(204);

        List<JsonNode> events = consume(Topics.PHONE_NUMBERS, sid, 3);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(EventTypes.PHONE_NUMBER_ADDED,
                EventTypes.PHONE_NUMBER_RESERVATION_CHANGED, EventTypes.PHONE_NUMBER_REMOVED);
        JsonNode added = events.get(0);
        assertThat(added.get("subject").asText()).isEqualTo(sid);
        assertThat(added.get("source").asText()).isEqualTo("/openproxy/number-pool-service");
        assertThat(added.get("accountsid").asText()).isEqualTo(account);
        JsonNode data = added.get("data");
        assertThat(data.get("phone_number_sid").asText()).isEqualTo(sid);
        assertThat(data.get("service_sid").asText()).isEqualTo(service);
        assertThat(data.get("phone_number").asText()).startsWith("+1415");
        assertThat(data.get("friendly_name").asText()).isEqualTo("front desk");
        assertThat(data.get("iso_country").asText()).isEqualTo("US");
        assertThat(data.get("capabilities").get("sms").asBoolean()).isTrue();
        assertThat(data.get("reserved").asBoolean()).isFalse();
        assertThat(events.get(1).get("data").get("reserved").asBoolean()).isTrue();
        assertThat(events.get(2).get("data").get("phone_number").asText()).isEqualTo(data.get("phone_number").asText());
    }

    private ParticipantAddedEvent participant(String participant, String session, String service, String number) {
        String phoneNumber = jdbc.queryForObject("SELECT phone_number FROM pool_numbers WHERE sid = ?", String.class, number);
        return new ParticipantAddedEvent(participant, session, service, account, "+12025550123", null, phoneNumber,
                number, Instant.now());
    }

    private void awaitInUse(String path, int expected) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get(account, path).body().get("in_use").asInt() == expected);
    }

    private int activeParticipants(String number) {
        return jdbc.queryForObject("SELECT active_participants FROM pool_numbers WHERE sid = ?", Integer.class, number);
    }

    /** The events with this key on the topic, in order, once there are {@code expected} of them. */
    private List<JsonNode> consume(String topic, String key, int expected) {
        Map<String, Object> config = Map.of("bootstrap.servers", brokers, "group.id", "it-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "key.deserializer", StringDeserializer.class,
                "value.deserializer", StringDeserializer.class);
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        events.add(JSON.readTree(record.value()));
                    }
                }
                return events.size() >= expected;
            });
        }
        return events;
    }

    /**
     * Issue 8, replay: after every other test of this class (Services deleted with their numbers, limits reached,
     * participants and sessions counted), the service is stopped and its jar's rebuild mode rebuilds the pool from the
     * event store and the Kafka-fed tables from their topics; every table comes back as it was, {@code in_use} included.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    @DirtiesContext
    void rebuildingEveryProjectionGivesBackTheSameTables() {
        String service = newService(account);
        String number = addNumber(service, "IsReserved", "true");
        String session = SidPrefix.SESSION.newSid();
        peers.publish(Topics.SESSIONS, session, EventTypes.SESSION_CREATED, account,
                new SessionCreatedEvent(session, service, account, null, "voice-and-message", "open", 0, null, Instant.now()));
        peers.publish(Topics.PARTICIPANTS, session, EventTypes.PARTICIPANT_ADDED, account,
                participant(SidPrefix.PARTICIPANT.newSid(), session, service, number));
        awaitInUse(numbers(service) + "/" + number, 1);

        List<ProjectionRebuild.Result> results =
                ProjectionRebuildCheck.assertRebuildReproducesEveryTable(context, NumberPoolServiceApplication.class);

        assertThat(results).extracting(ProjectionRebuild.Result::projection)
                .containsExactly("number-pool.pool-usage", "number-pool.service-directory", "pool-directory");
        assertThat(results).allSatisfy(result -> assertThat(result.events()).isPositive());
        assertThat(jdbc.queryForObject("SELECT in_use FROM pool_numbers WHERE sid = ?", Integer.class, number)).isEqualTo(1);
    }
}
