package dev.openproxy.session.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import dev.openproxy.session.SessionServiceApplication;
import dev.openproxy.support.projection.ProjectionRebuild;
import dev.openproxy.testsupport.ProjectionRebuildCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** session-service over HTTP against a real PostgreSQL and a real (KRaft) Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "openproxy.sessions.expiry-poll-interval=PT0.2S"})
@EmbeddedKafka(kraft = true, partitions = 1)
@AutoConfigureObservability // Spring Boot tests disable metrics export unless asked
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the projection rebuild goes last, over what the others wrote
class SessionServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ParticipantServicePeer PARTICIPANTS = new ParticipantServicePeer();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "session_it");
        registry.add("openproxy.peers.participant", PARTICIPANTS::url);
    }

    @org.junit.jupiter.api.AfterAll
    static void stopPeer() {
        PARTICIPANTS.close();
    }

    @LocalServerPort
    int port;
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConfigurableApplicationContext context;

    private SessionApi api;
    private final String account = SidPrefix.ACCOUNT.newSid();

    @BeforeEach
    void setUp() {
        api = new SessionApi(port);
    }

    private String newService(String... extra) {
        List<String> pairs = new ArrayList<>(List.of("UniqueName", "svc-" + UUID.randomUUID()));
        pairs.addAll(List.of(extra));
        SessionApi.Reply reply = api.post(account, "/v1/Services", pairs.toArray(String[]::new));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
        return reply.text("sid");
    }

    @Test
    void serviceIsCreatedWithEveryTwilioProperty() {
        SessionApi.Reply created = api.post(account, "/v1/Services", "UniqueName", "support-line", "DefaultTtl", "3600",
                "CallbackUrl", "https://example.com/cb", "GeoMatchLevel", "area-code",
                "NumberSelectionBehavior", "avoid-sticky", "InterceptCallbackUrl", "https://example.com/intercept",
                "OutOfSessionCallbackUrl", "https://example.com/oos", "ChatInstanceSid", "IS" + "a".repeat(32));
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.body();
        String sid = body.get("sid").asText();
        assertThat(SidPrefix.SERVICE.matches(sid)).isTrue();
        assertThat(body.get("account_sid").asText()).isEqualTo(account);
        assertThat(body.get("default_ttl").asInt()).isEqualTo(3600);
        assertThat(body.get("geo_match_level").asText()).isEqualTo("area-code");
        assertThat(body.get("number_selection_behavior").asText()).isEqualTo("avoid-sticky");
        assertThat(body.get("chat_instance_sid").asText()).startsWith("IS");
        assertThat(body.get("url").asText()).isEqualTo("http://localhost:8080/v1/Services/" + sid);
        assertThat(body.get("links").get("sessions").asText()).endsWith("/v1/Services/" + sid + "/Sessions");
        assertThat(body.get("date_created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        SessionApi.Reply updated = api.post(account, "/v1/Services/" + sid, "CallbackUrl", "", "DefaultTtl", "60");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("callback_url").isNull()).isTrue();
        assertThat(updated.body().get("default_ttl").asInt()).isEqualTo(60);
        assertThat(updated.body().get("intercept_callback_url").asText()).isEqualTo("https://example.com/intercept");

        assertThat(api.get(account, "/v1/Services/support-line").text("sid")).isEqualTo(sid);
        assertThat(api.delete(account, "/v1/Services/" + sid).status()).isEqualTo(204);
        assertThat(api.get(account, "/v1/Services/" + sid).body().get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void deletingAServiceDeletesItsSessions() {
        String service = newService();
        String base = "/v1/Services/" + service + "/Sessions";
        String first = api.post(account, base).text("sid");
        String second = api.post(account, base).text("sid");
        assertThat(api.delete(account, "/v1/Services/" + service).status()).isEqualTo(204);
        Integer rows = jdbc.queryForObject("SELECT count(*) FROM sessions WHERE service_sid = ?", Integer.class, service);
        assertThat(rows).isZero();
        Integer deletedEvents = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (?, ?) "
                + "AND payload_type LIKE '%SessionDeletedEvent'", Integer.class, first, second);
        assertThat(deletedEvents).isEqualTo(2);
    }

    @Test
    void dateExpiryBeyondYear9999IsAnInvalidParameter() {
        String service = newService();
        SessionApi.Reply reply = api.post(account, "/v1/Services/" + service + "/Sessions", "DateExpiry", "+300000-01-01T00:00:00Z");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("code").asInt()).isEqualTo(20001);
    }

    @Test
    void badServiceParametersAreTwilioErrors() {
        SessionApi.Reply missing = api.post(account, "/v1/Services", "DefaultTtl", "10");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("code").asInt()).isEqualTo(20001);
        assertThat(missing.body().get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20001");
        assertThat(api.post(account, "/v1/Services", "UniqueName", "x", "DefaultTtl", "soon").status()).isEqualTo(400);
        assertThat(api.post(account, "/v1/Services", "UniqueName", "x", "GeoMatchLevel", "planet").status()).isEqualTo(400);
        assertThat(api.post(account, "/v1/Services", "UniqueName", "x", "CallbackUrl", "not a url").status()).isEqualTo(400);
        assertThat(api.post(account, "/v1/Services", "UniqueName", "x", "ChatInstanceSid", "IS123").status()).isEqualTo(400);
        assertThat(api.post(account, "/v1/Services", "UniqueName", "x", "CallbackUrl", "https://example.com/" + "a".repeat(4000))
                .body().get("code").asInt()).as("callback URLs are at most 4,000 characters").isEqualTo(20001);
        assertThat(api.post(account, "/v1/Services", "UniqueName", "x".repeat(192)).body().get("code").asInt()).isEqualTo(20001);
        assertThat(api.post(account, "/v1/Services", "UniqueName", "x", "DefaultTtl", "2147483648").body().get("code").asInt())
                .as("Ttl fits in 0..2147483647").isEqualTo(20001);
        assertThat(api.post(null, "/v1/Services", "UniqueName", "x").body().get("code").asInt()).isEqualTo(20003);
        Integer services = jdbc.queryForObject("SELECT count(*) FROM services WHERE account_sid = ?", Integer.class, account);
        assertThat(services).isZero();
    }

    @Test
    void serviceUniqueNameIsUniqueWithinAnAccount() {
        String name = "dup-" + UUID.randomUUID();
        assertThat(api.post(account, "/v1/Services", "UniqueName", name).status()).isEqualTo(201);
        SessionApi.Reply duplicate = api.post(account, "/v1/Services", "UniqueName", name);
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(api.post(SidPrefix.ACCOUNT.newSid(), "/v1/Services", "UniqueName", name).status()).isEqualTo(201);
    }

    @Test
    void anotherAccountCannotSeeOrChangeAService() {
        String service = newService();
        String stranger = SidPrefix.ACCOUNT.newSid();
        assertThat(api.get(stranger, "/v1/Services/" + service).status()).isEqualTo(404);
        assertThat(api.post(stranger, "/v1/Services/" + service, "DefaultTtl", "5").status()).isEqualTo(404);
        assertThat(api.delete(stranger, "/v1/Services/" + service).status()).isEqualTo(404);
        assertThat(api.get(stranger, "/v1/Services/" + service + "/Sessions").status()).isEqualTo(404);
        assertThat(api.get(stranger, "/v1/Services").body().get("services")).isEmpty();
    }

    @Test
    void sessionLifecycleFollowsTwilio() {
        String service = newService("DefaultTtl", "600");
        String base = "/v1/Services/" + service + "/Sessions";
        SessionApi.Reply created = api.post(account, base, "UniqueName", "order-1", "Mode", "message-only");
        assertThat(created.status()).isEqualTo(201);
        String sid = created.text("sid");
        assertThat(created.text("status")).isEqualTo("open");
        assertThat(created.body().get("ttl").asInt()).as("Service DefaultTtl applies").isEqualTo(600);
        assertThat(created.text("mode")).isEqualTo("message-only");
        assertThat(created.text("date_started")).isNotNull();
        assertThat(created.body().get("links").get("participants").asText()).endsWith(base + "/" + sid + "/Participants");

        SessionApi.Reply duplicate = api.post(account, base, "UniqueName", "order-1");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.body().get("code").asInt()).isEqualTo(80603);

        assertThat(api.get(account, base + "/order-1").text("sid")).isEqualTo(sid);
        assertThat(api.get(account, base + "/no-such-name").body().get("code").asInt()).isEqualTo(80308);
        assertThat(api.get(account, base + "/KC" + "0".repeat(32)).body().get("code").asInt()).isEqualTo(20404);

        SessionApi.Reply badTransition = api.post(account, base + "/" + sid, "Status", "in-progress");
        assertThat(badTransition.status()).isEqualTo(400);
        assertThat(badTransition.body().get("code").asInt()).isEqualTo(80608);

        SessionApi.Reply closed = api.post(account, base + "/" + sid, "Status", "closed");
        assertThat(closed.text("status")).isEqualTo("closed");
        assertThat(closed.text("closed_reason")).isEqualTo("api");
        assertThat(closed.text("date_ended")).isNotNull();
        assertThat(api.post(account, base + "/" + sid, "Ttl", "5").body().get("code").asInt()).isEqualTo(80607);

        SessionApi.Reply reopened = api.post(account, base + "/" + sid, "Status", "in-progress");
        assertThat(reopened.text("status")).isEqualTo("in-progress");
        assertThat(reopened.text("date_ended")).isNull();

        SessionApi.Reply expiry = api.post(account, base + "/" + sid, "DateExpiry", "2099-01-01T00:00:00", "Ttl", "30");
        assertThat(expiry.text("date_expiry")).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(expiry.body().get("ttl").asInt()).isEqualTo(30);

        assertThat(api.delete(account, base + "/" + sid).status()).isEqualTo(204);
        assertThat(api.get(account, base + "/" + sid).status()).isEqualTo(404);
        assertThat(api.post(account, base, "UniqueName", "order-1").status()).as("name free again").isEqualTo(201);
    }

    @Test
    void concurrentCreatesWithOneUniqueNameLeaveExactlyOneSession() throws Exception {
        String service = newService();
        String base = "/v1/Services/" + service + "/Sessions";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<SessionApi.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                replies.add(pool.submit(() -> api.post(account, base, "UniqueName", "raced")));
            }
            List<Integer> statuses = new ArrayList<>();
            for (var reply : replies) {
                SessionApi.Reply r = reply.get();
                statuses.add(r.status());
                if (r.status() != 201) {
                    assertThat(r.body().get("code").asInt()).isEqualTo(80603);
                }
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 400).hasSize(15);
        } finally {
            pool.shutdownNow();
        }
        Integer rows = jdbc.queryForObject("SELECT count(*) FROM sessions WHERE service_sid = ?", Integer.class, service);
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void concurrentUpdatesOfOneSessionAllSucceed() throws Exception {
        String service = newService();
        String path = "/v1/Services/" + service + "/Sessions/" + api.post(account, "/v1/Services/" + service + "/Sessions").text("sid");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<SessionApi.Reply>> replies = new ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                String ttl = String.valueOf(100 + i);
                replies.add(pool.submit(() -> api.post(account, path, "Ttl", ttl)));
            }
            for (var reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reopeningReactivatesTheSessionsPairsFirst() {
        String base = "/v1/Services/" + newService() + "/Sessions";
        String sid = api.post(account, base).text("sid");
        api.post(account, base + "/" + sid, "Status", "closed");

        assertThat(api.post(account, base + "/" + sid, "Status", "in-progress").text("status")).isEqualTo("in-progress");

        List<ParticipantServicePeer.Call> reactivations = PARTICIPANTS.callsTo("/internal/v1/Sessions/" + sid + "/Reactivation");
        assertThat(reactivations).hasSize(1);
        assertThat(reactivations.get(0).method()).isEqualTo("POST");
        assertThat(reactivations.get(0).accountSid()).isEqualTo(account);
    }

    @Test
    void reopeningIsRefusedWithTheParticipantServicesErrorWhenAPairIsTaken() {
        String base = "/v1/Services/" + newService() + "/Sessions";
        String sid = api.post(account, base).text("sid");
        api.post(account, base + "/" + sid, "Status", "closed");
        PARTICIPANTS.willAnswer(ParticipantServicePeer.Answer.twilioError(400, 80604,
                "Proxy identifier already in use with requested identifier."));

        SessionApi.Reply refused = api.post(account, base + "/" + sid, "Status", "in-progress");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asInt()).isEqualTo(80604);
        assertThat(api.get(account, base + "/" + sid).text("status")).isEqualTo("closed");
    }

    @Test
    void participantsGivenAtCreateAreAddedThroughParticipantService() {
        String service = newService();
        String base = "/v1/Services/" + service + "/Sessions";

        SessionApi.Reply created = api.post(account, base, "UniqueName", "with-participants",
                "Participants", "{\"Identifier\":\"+14155550101\",\"FriendlyName\":\"Alice\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

        String sid = created.text("sid");
        List<ParticipantServicePeer.Call> adds = PARTICIPANTS.callsTo("/v1/Services/" + service + "/Sessions/" + sid + "/Participants");
        assertThat(adds).hasSize(1);
        assertThat(adds.get(0).accountSid()).isEqualTo(account);
        assertThat(adds.get(0).body()).contains("Identifier=%2B14155550101").contains("FriendlyName=Alice");
    }

    @Test
    void aFailingInlineParticipantFailsTheCreateAndLeavesNoSession() {
        String service = newService();
        String base = "/v1/Services/" + service + "/Sessions";
        PARTICIPANTS.willAnswer(new ParticipantServicePeer.Answer(201, "{}"),
                ParticipantServicePeer.Answer.twilioError(400, 80404, "Participant Identifier Invalid"));

        SessionApi.Reply failed = api.post(account, base, "UniqueName", "half",
                "Participants", "{\"Identifier\":\"+14155550101\"}",
                "Participants", "{\"identifier\":\"not-a-number\"}");

        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.body().get("code").asInt()).isEqualTo(80404);
        assertThat(api.get(account, base + "/half").body().get("code").asInt()).as("no session left").isEqualTo(80308);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%SessionDeletedEvent' "
                + "AND aggregate_identifier IN (SELECT aggregate_identifier FROM domain_event_entry "
                + "WHERE payload_type LIKE '%SessionCreatedEvent' AND convert_from(payload, 'UTF8') LIKE '%\"half\"%')",
                Integer.class)).isEqualTo(1);
        assertThat(api.post(account, base, "UniqueName", "half").status()).as("the name is free again").isEqualTo(201);
    }

    @Test
    void malformedInlineParticipantsAreInvalidParameters() {
        String base = "/v1/Services/" + newService() + "/Sessions";
        assertThat(api.post(account, base, "Participants", "not json").body().get("code").asInt()).isEqualTo(20001);
        assertThat(api.post(account, base, "Participants", "{\"FriendlyName\":\"no identifier\"}").body().get("code").asInt())
                .isEqualTo(20001);
        Integer rows = jdbc.queryForObject("SELECT count(*) FROM sessions WHERE account_sid = ? AND unique_name IS NULL "
                + "AND service_sid = ?", Integer.class, account, base.split("/")[3]);
        assertThat(rows).isZero();
    }

    @Test
    void sessionsArePagedWithTwilioMeta() {
        String service = newService();
        String base = "/v1/Services/" + service + "/Sessions";
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(api.post(account, base).text("sid"));
        }
        Set<String> seen = new HashSet<>();
        String next = base + "?PageSize=3";
        int pages = 0;
        while (next != null) {
            JsonNode page = api.get(account, next).body();
            assertThat(page.get("meta").get("key").asText()).isEqualTo("sessions");
            assertThat(page.get("meta").get("page_size").asInt()).isEqualTo(3);
            page.get("sessions").forEach(s -> seen.add(s.get("sid").asText()));
            JsonNode nextUrl = page.get("meta").get("next_page_url");
            next = nextUrl.isNull() ? null : nextUrl.asText().replace("http://localhost:8080", "");
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(created);
        JsonNode capped = api.get(account, base + "?PageSize=1000").body();
        assertThat(capped.get("meta").get("page_size").asInt()).isEqualTo(100);
        assertThat(api.get(account, base + "?PageSize=0").body().get("code").asInt()).isEqualTo(20001);
        assertThat(api.get(account, base + "?PageToken=garbage").body().get("code").asInt()).isEqualTo(20001);
    }

    @Test
    void dateExpiryClosesTheSessionByItself() {
        String service = newService();
        String base = "/v1/Services/" + service + "/Sessions";
        String expiry = Instant.now().plusSeconds(2).toString();
        String sid = api.post(account, base, "DateExpiry", expiry, "Ttl", "3600").text("sid");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            SessionApi.Reply session = api.get(account, base + "/" + sid);
            assertThat(session.text("status")).isEqualTo("closed");
            assertThat(session.text("closed_reason")).isEqualTo("date-expiry");
            assertThat(session.text("date_ended")).isNotNull();
        });
    }

    @Test
    void aSessionsWholeLifeIsPublishedToKafkaInOrder() throws Exception {
        String service = newService();
        String base = "/v1/Services/" + service + "/Sessions";
        String sid = api.post(account, base, "UniqueName", "kafka-life").text("sid");
        api.post(account, base + "/" + sid, "Ttl", "120");
        api.post(account, base + "/" + sid, "Status", "closed");
        api.post(account, base + "/" + sid, "Status", "in-progress");
        api.delete(account, base + "/" + sid);

        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", brokers, "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.SESSIONS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (sid.equals(record.key())) {
                        events.add(JSON.readTree(record.value()));
                    }
                }
                return events.size() >= 5;
            });
        }
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(
                "dev.openproxy.session.created.v1", "dev.openproxy.session.expiry-changed.v1",
                "dev.openproxy.session.closed.v1", "dev.openproxy.session.reopened.v1",
                "dev.openproxy.session.deleted.v1");
        JsonNode first = events.get(0);
        assertThat(first.get("specversion").asText()).isEqualTo("1.0");
        assertThat(first.get("subject").asText()).isEqualTo(sid);
        assertThat(first.get("accountsid").asText()).isEqualTo(account);
        assertThat(first.get("source").asText()).isEqualTo("/openproxy/session-service");
        assertThat(first.get("data").get("unique_name").asText()).isEqualTo("kafka-life");
        assertThat(first.get("data").get("service_sid").asText()).isEqualTo(service);
        assertThat(events.get(2).get("data").get("closed_reason").asText()).isEqualTo("api");
    }

    /** Read-your-writes across services starts here: the answer to a write comes after its event is on Kafka. */
    @Test
    void aWritesEventIsOnKafkaWhenItsResponseArrives() {
        String service = newService();
        String sid = api.post(account, "/v1/Services/" + service + "/Sessions").text("sid");

        Set<String> keysUpToTheEnd = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", brokers, "group.id", "test-" + UUID.randomUUID()),
                new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(Topics.SESSIONS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The topic's end as of now, just after the response: everything before it must be readable.
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keysUpToTheEnd.add(record.key()));
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        assertThat(keysUpToTheEnd).contains(sid);
        // PublishedCommands reads the publisher's token as Axon's Jackson form of a gap-aware token.
        assertThat(jdbc.queryForObject("SELECT convert_from(token, 'UTF8') FROM token_entry WHERE processor_name = 'kafka-publisher'",
                String.class)).contains("\"index\"").contains("\"gaps\"");
    }

    @Test
    void anInteractionMovesTheSessionInProgressAndRestartsItsTtlClock() throws Exception {
        String service = newService();
        String base = "/v1/Services/" + service + "/Sessions";
        SessionApi.Reply created = api.post(account, base, "Ttl", "600");
        String sid = created.text("sid");
        Instant at = Instant.parse(created.text("date_created")).plusSeconds(30);
        String interaction = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/openproxy/routing-service\","
                + "\"type\":\"dev.openproxy.interaction.created.v1\",\"subject\":\"KI" + "1".repeat(32) + "\","
                + "\"time\":\"" + at + "\",\"datacontenttype\":\"application/json\",\"accountsid\":\"" + account + "\","
                + "\"data\":{\"interaction_sid\":\"KI" + "1".repeat(32) + "\",\"session_sid\":\"" + sid + "\","
                + "\"service_sid\":\"" + service + "\",\"account_sid\":\"" + account + "\",\"type\":\"message\","
                + "\"created_at\":\"" + at + "\"}}";
        // An interaction event type session-service does not use, ahead of it in the Session's partition: skipped.
        String erased = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/openproxy/routing-service\","
                + "\"type\":\"" + EventTypes.INTERACTION_CONTENT_ERASED + "\",\"subject\":\"KI" + "2".repeat(32) + "\","
                + "\"time\":\"" + at + "\",\"datacontenttype\":\"application/json\",\"accountsid\":\"" + account + "\","
                + "\"data\":{\"interaction_sid\":\"KI" + "2".repeat(32) + "\",\"session_sid\":\"" + sid + "\","
                + "\"service_sid\":\"" + service + "\",\"account_sid\":\"" + account + "\",\"reason\":\"retention\","
                + "\"erased_at\":\"" + at + "\"}}";
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of("bootstrap.servers", brokers),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.INTERACTIONS, sid, erased)).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.INTERACTIONS, sid, interaction)).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.INTERACTIONS, sid, interaction)).get(); // redelivered
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            SessionApi.Reply session = api.get(account, base + "/" + sid);
            assertThat(session.text("status")).isEqualTo("in-progress");
            assertThat(session.text("date_last_interaction")).isEqualTo(at.toString());
        });
        Timestamp due = jdbc.queryForObject("SELECT expires_at FROM sessions WHERE sid = ?", Timestamp.class, sid);
        assertThat(due.toInstant()).as("Ttl counts from the last interaction").isEqualTo(at.plusSeconds(600));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE '%SessionInteractionRecordedEvent'", Integer.class, sid)).isEqualTo(1);
    }

    @Test
    void metricsShowSessionsByStatus() {
        String service = newService();
        api.post(account, "/v1/Services/" + service + "/Sessions");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.body()).contains("openproxy_sessions{application=\"session-service\",status=\"open\"}");
            assertThat(scrape.body()).contains("http_server_requests_seconds");
        });
        assertThat(api.get(null, "/actuator/health/readiness").text("status")).isEqualTo("UP");
    }

    /**
     * Issue 8, replay: after every other test of this class, the service is stopped and its jar's rebuild mode rebuilds
     * {@code services} and {@code sessions} from the event store; every table comes back as it was.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    @DirtiesContext
    void rebuildingEveryProjectionFromTheEventStoreGivesBackTheSameTables() {
        String service = newService();
        String kept = api.post(account, "/v1/Services/" + service + "/Sessions", "UniqueName", "kept", "Ttl", "3600").text("sid");
        String deleted = api.post(account, "/v1/Services/" + service + "/Sessions").text("sid");
        assertThat(api.post(account, "/v1/Services/" + service + "/Sessions/" + kept, "Status", "closed").status()).isEqualTo(200);
        assertThat(api.delete(account, "/v1/Services/" + service + "/Sessions/" + deleted).status()).isEqualTo(204);

        List<ProjectionRebuild.Result> results =
                ProjectionRebuildCheck.assertRebuildReproducesEveryTable(context, SessionServiceApplication.class);

        assertThat(results).extracting(ProjectionRebuild.Result::projection)
                .containsExactly("service-directory", "session-directory");
        assertThat(results).allSatisfy(result -> assertThat(result.events()).isPositive());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sessions WHERE sid = ?", Integer.class, deleted)).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM sessions WHERE sid = ?", String.class, kept)).isEqualTo("closed");
    }
}
