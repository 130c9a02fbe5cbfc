package dev.openproxy.routing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.interaction.InteractionContentErasedEvent;
import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.account.AccountHeader;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.support.personal.PersonalDataProtector;
import org.springframework.kafka.core.KafkaTemplate;
import dev.openproxy.testsupport.ClearTextScan;
import dev.openproxy.testsupport.EmbeddedPostgres;
import dev.openproxy.testsupport.TopicScan;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import dev.openproxy.routing.RoutingServiceApplication;
import dev.openproxy.testsupport.ProjectionRebuildCheck;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention of interaction content with the period set to seconds: a session closed longer than the period ago loses
 * its interaction content (API, projections, outbox, and the event store and Kafka copies through its data key); one
 * closed within the period, and one re-opened, keep theirs. Each erased Interaction is announced once on
 * {@code openproxy.interactions.v1} ({@code interaction.content-erased}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "openproxy.carrier.account-sid=" + RetentionIntegrationTest.CARRIER_ACCOUNT,
                "openproxy.carrier.auth-token=" + RetentionIntegrationTest.TOKEN,
                "openproxy.carrier.public-url=https://proxy.example.com",
                "openproxy.carrier.retry-initial=PT0.2S",
                "openproxy.carrier.poll-interval=PT0.05S",
                "openproxy.carrier.timeout=PT2S",
                "openproxy.retention.interaction-content=PT2S",
                "openproxy.retention.check-interval=PT0.2S",
                // One erasure notice per transaction: a Session with two Interactions is erased over two rounds.
                "openproxy.retention.notices-per-round=1"})
@EmbeddedKafka(kraft = true, partitions = 1)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the projection rebuild goes last, over what retention erased
class RetentionIntegrationTest {

    static final String CARRIER_ACCOUNT = "AC00000000000000000000000000000002";
    static final String TOKEN = "carrier-auth-token-for-retention";
    private static final String PUBLIC_URL = "https://proxy.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final FakeCarrier CARRIER = FakeCarrier.started();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "routing_retention_it");
        registry.add("openproxy.carrier.base-url", CARRIER::baseUrl);
    }

    @AfterAll
    static void stopCarrier() {
        CARRIER.close();
    }

    @LocalServerPort
    int port;
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ConfigurableApplicationContext context;
    @Autowired
    KafkaTemplate<String, String> kafka;


    /** A session with alice and bob, in which alice has sent bob one SMS (relayed: the outbox row is done). */
    private record Conversation(Upstream upstream, String service, String session, String alice, String aliceProxy,
                                String bob, String body, String interactionSid) {
    }

    private Conversation conversation() {
        Upstream upstream = new Upstream(participantService(), SidPrefix.ACCOUNT.newSid());
        String service = upstream.service();
        String session = upstream.session(service, "voice-and-message");
        String alice = number();
        String aliceProxy = number();
        String bob = number();
        String bobProxy = number();
        upstream.participant(service, session, alice, aliceProxy);
        upstream.participant(service, session, bob, bobProxy);
        String body = "The key is under the mat " + UUID.randomUUID();
        sms(alice, aliceProxy, body, messageSid());
        await().atMost(GENEROUS).until(() -> CARRIER.to(bob).size() == 1);
        Conversation conversation = new Conversation(upstream, service, session, alice, aliceProxy, bob, body, null);
        String[] sid = new String[1];
        await().atMost(GENEROUS).untilAsserted(() -> {
            JsonNode list = api(conversation, "").get("interactions");
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("outbound_resource_status").asText()).isEqualTo("queued");
            sid[0] = list.get(0).get("sid").asText();
        });
        return new Conversation(upstream, service, session, alice, aliceProxy, bob, body, sid[0]);
    }

    @Test
    void interactionContentIsErasedOnceTheRetentionPeriodAfterClosingHasPassed(CapturedOutput output) {
        Conversation closed = conversation();
        Conversation reopened = conversation();
        Conversation closedLater = conversation();
        double erasedBefore = erasedCount();

        closed.upstream().close(closed.service(), closed.session());
        reopened.upstream().close(reopened.service(), reopened.session());
        reopened.upstream().reopen(reopened.service(), reopened.session());

        // The closed session's content goes, everywhere.
        await().atMost(GENEROUS).untilAsserted(() ->
                assertThat(interaction(closed).get("data").isNull()).as("data erased in the API").isTrue());
        JsonNode erased = interaction(closed);
        assertThat(erased.get("sid").asText()).as("the Interaction itself stays").isEqualTo(closed.interactionSid());
        assertThat(erased.get("outbound_resource_status").asText()).isEqualTo("queued");
        assertThat(ClearTextScan.tablesContaining(jdbc, closed.body())).as("no table holds the body").isEmpty();
        // Retention erases interaction content, not participants: bob's number stays in participant-service's
        // records (this test plays participant-service with identifiers in the clear; the real one encrypts them
        // under the Session's key, erased on Session DELETE), so only routing-service's own records are scanned.
        List<String> routingRecords = TopicScan.everyRecordValue(brokers).stream()
                .filter(value -> value.contains("\"source\":\"/openproxy/routing-service\"")).toList();
        assertThat(routingRecords).as("routing-service's records").isNotEmpty();
        assertThat(String.join("\n", routingRecords)).as("nor does any of routing-service's records on Kafka")
                .doesNotContain(closed.body()).doesNotContain(closed.bob());
        assertThat(String.join("\n", TopicScan.everyRecordValue(brokers))).as("nor any topic the body")
                .doesNotContain(closed.body());
        InteractionCreatedEvent replayed = createdEventOf(closed.interactionSid());
        assertThat(replayed.data()).as("the event store's copy cannot be decrypted").isNull();
        assertThat(replayed.outboundIdentifier()).isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_keys WHERE scope_id = ?", Integer.class,
                closed.session())).as("the data key is destroyed").isZero();
        assertThat(status("/internal/personal-data-keys/" + closed.session()))
                .as("consumers of the Kafka copies can no longer get the key").isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT content_erased_at IS NOT NULL FROM known_sessions WHERE sid = ?",
                Boolean.class, closed.session())).isTrue();
        assertThat(erasedCount() - erasedBefore).isGreaterThanOrEqualTo(1.0);

        // A session closed now is within the period: it keeps its content.
        closedLater.upstream().close(closedLater.service(), closedLater.session());
        await().atMost(GENEROUS).until(() -> jdbc.queryForObject(
                "SELECT closed_at IS NOT NULL FROM known_sessions WHERE sid = ?", Boolean.class, closedLater.session()));
        assertKept(closedLater);

        // The re-opened session is not due at all.
        assertKept(reopened);
        assertThat(jdbc.queryForObject("SELECT closed_at IS NULL AND content_erased_at IS NULL FROM known_sessions "
                + "WHERE sid = ?", Boolean.class, reopened.session())).isTrue();

        // Once its own period has passed, the later one goes too; the re-opened one still keeps its content.
        await().atMost(GENEROUS).untilAsserted(() ->
                assertThat(interaction(closedLater).get("data").isNull()).isTrue());
        assertThat(createdEventOf(closedLater.interactionSid()).data()).isNull();
        assertKept(reopened);

        // The erased session, re-opened, gets a new key: what is said now is kept (until it closes again).
        closed.upstream().reopen(closed.service(), closed.session());
        await().atMost(GENEROUS).until(() -> jdbc.queryForObject(
                "SELECT closed_at IS NULL FROM known_sessions WHERE sid = ?", Boolean.class, closed.session()));
        String later = "And now the back door " + UUID.randomUUID();
        sms(closed.alice(), closed.aliceProxy(), later, messageSid());
        await().atMost(GENEROUS).until(() -> CARRIER.to(closed.bob()).size() == 2);
        await().atMost(GENEROUS).untilAsserted(() -> {
            JsonNode list = api(closed, "").get("interactions");
            assertThat(list).hasSize(2);
            assertThat(list.findValuesAsText("data")).anyMatch(data -> data.contains(later));
        });
        assertThat(status("/internal/personal-data-keys/" + closed.session())).isEqualTo(200);
        assertThat(createdEventOf(closed.interactionSid()).data()).as("the old content stays erased").isNull();

        assertThat(output.getAll()).doesNotContain(closed.body()).doesNotContain(closed.alice()).doesNotContain(closed.bob());
    }

    /**
     * Issue 9 item 3: consumers learn of retention through an event. One {@code interaction.content-erased} per
     * Interaction erased, with SIDs, reason and time only, stored in the event store and published keyed by the
     * Session; none for a deleted Interaction (its notice was {@code interaction.deleted}) and none for a Session
     * re-opened before its period ran out. The two live Interactions are erased in two rounds (notices-per-round=1).
     */
    @Test
    void eachErasedInteractionIsAnnouncedOnceWithoutPersonalData(CapturedOutput output) {
        Conversation erased = conversation();
        Conversation reopened = conversation();
        String secondBody = "Second thoughts " + UUID.randomUUID();
        String second = sendAndFind(erased, secondBody, 2);
        String deleted = sendAndFind(erased, "Forget this " + UUID.randomUUID(), 3);
        HttpResponse<String> deletion = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/Services/"
                        + erased.service() + "/Sessions/" + erased.session() + "/Interactions/" + deleted))
                .header(AccountHeader.NAME, erased.upstream().account).DELETE());
        assertThat(deletion.statusCode()).as(deletion.body()).isEqualTo(204);

        erased.upstream().close(erased.service(), erased.session());
        reopened.upstream().close(reopened.service(), reopened.session());
        reopened.upstream().reopen(reopened.service(), reopened.session());

        await().atMost(GENEROUS).until(() -> jdbc.queryForObject(
                "SELECT content_erased_at IS NOT NULL FROM known_sessions WHERE sid = ?", Boolean.class, erased.session()));
        await().atMost(GENEROUS).untilAsserted(() ->
                assertThat(erasureNotices(erased.session())).as("published").hasSize(2));
        assertThat(interaction(erased).get("data").isNull()).isTrue();

        // The re-opened session's close is older than the period too: it would be due had it not been re-opened.
        await().pollDelay(Duration.ofSeconds(1)).atMost(GENEROUS).until(() -> true);
        List<JsonNode> notices = erasureNotices(erased.session());
        assertThat(notices).as("exactly one per erased Interaction, after further rounds too")
                .extracting(notice -> notice.get("subject").asText())
                .containsExactlyInAnyOrder(erased.interactionSid(), second);
        for (JsonNode notice : notices) {
            JsonNode data = notice.get("data");
            assertThat(data.get("interaction_sid").asText()).isEqualTo(notice.get("subject").asText());
            assertThat(data.get("session_sid").asText()).isEqualTo(erased.session());
            assertThat(data.get("service_sid").asText()).isEqualTo(erased.service());
            assertThat(data.get("account_sid").asText()).isEqualTo(erased.upstream().account);
            assertThat(data.get("reason").asText()).isEqualTo(InteractionContentErasedEvent.RETENTION);
            assertThat(data.get("erased_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(data.size()).as("SIDs, reason and time: no personal field").isEqualTo(6);
            assertThat(notice.toString()).doesNotContain(erased.body()).doesNotContain(secondBody)
                    .doesNotContain(erased.alice()).doesNotContain(erased.bob());
        }
        assertThat(erasureEventsStored(erased.interactionSid())).hasSize(1);
        assertThat(erasureEventsStored(second)).hasSize(1);
        assertThat(erasureEventsStored(deleted)).as("a deleted Interaction").isEmpty();
        assertThat(erasureNotices(reopened.session())).as("a Session re-opened within the period").isEmpty();
        assertThat(erasureEventsStored(reopened.interactionSid())).isEmpty();
        assertKept(reopened);
        assertThat(output.getAll()).doesNotContain(secondBody).doesNotContain(erased.bob());
    }

    /** Alice sends bob one more SMS in the conversation; returns its Interaction, the {@code count}th of the session. */
    private String sendAndFind(Conversation conversation, String body, int count) {
        sms(conversation.alice(), conversation.aliceProxy(), body, messageSid());
        await().atMost(GENEROUS).until(() -> CARRIER.to(conversation.bob()).size() == count);
        String[] sid = new String[1];
        await().atMost(GENEROUS).untilAsserted(() -> {
            JsonNode found = null;
            for (JsonNode interaction : api(conversation, "?PageSize=50").get("interactions")) {
                if (interaction.path("data").asText("").contains(body)) {
                    found = interaction;
                }
            }
            assertThat(found).isNotNull();
            sid[0] = found.get("sid").asText();
        });
        return sid[0];
    }

    private List<InteractionContentErasedEvent> erasureEventsStored(String interactionSid) {
        return eventStore.readEvents(interactionSid).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(InteractionContentErasedEvent.class::isInstance)
                .map(InteractionContentErasedEvent.class::cast)
                .toList();
    }

    /** The {@code interaction.content-erased} records of the session on openproxy.interactions.v1, read to its end. */
    private List<JsonNode> erasureNotices(String sessionSid) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INTERACTIONS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + GENEROUS.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                assertThat(System.nanoTime()).as("read " + Topics.INTERACTIONS + " to its end").isLessThan(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode value = readJson(record.value());
                    if (sessionSid.equals(record.key())
                            && EventTypes.INTERACTION_CONTENT_ERASED.equals(value.path("type").asText())) {
                        found.add(value);
                    }
                }
            }
        }
        return found;
    }

    private static JsonNode readJson(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Issue 8, replay, after retention: a rebuild gives back every table as it was. Erased content stays erased (the
     * event store's copies cannot be decrypted, and {@code content_erased_at}, which no event sets, is kept through
     * the rebuild, so an erased call duration is not written again).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    @DirtiesContext
    void aRebuildAfterRetentionKeepsTheErasedContentErased() {
        Conversation erased = conversation();
        erased.upstream().close(erased.service(), erased.session());
        await().atMost(GENEROUS).until(() -> jdbc.queryForObject(
                "SELECT content_erased_at IS NOT NULL FROM known_sessions WHERE sid = ?", Boolean.class, erased.session()));

        ProjectionRebuildCheck.assertRebuildReproducesEveryTable(context, RoutingServiceApplication.class);

        assertThat(ClearTextScan.tablesContaining(jdbc, erased.body())).isEmpty();
    }

    /**
     * Publishes as participant-service: its identifiers are not encrypted with routing-service's session key, which
     * retention destroys (they are encrypted with participant-service's, which retention does not touch; here they
     * are in the clear, as events written before encryption). So a rebuild still finds every route.
     */
    private IntegrationEventPublisher participantService() {
        PersonalDataProtector inTheClear = new PersonalDataProtector(null) {
            @Override
            public <T> T encrypt(T payload) {
                return payload;
            }
        };
        return new IntegrationEventPublisher(kafka, "/openproxy/participant-service", 10_000, inTheClear);
    }

    private void assertKept(Conversation conversation) {
        assertThat(interaction(conversation).get("data").asText()).contains(conversation.body());
        assertThat(createdEventOf(conversation.interactionSid()).data()).as("still decryptable").contains(conversation.body());
        assertThat(status("/internal/personal-data-keys/" + conversation.session())).isEqualTo(200);
    }

    private double erasedCount() {
        var counter = meters.find("openproxy.routing.retention.erased").counter();
        return counter == null ? 0 : counter.count();
    }

    private InteractionCreatedEvent createdEventOf(String interactionSid) {
        return eventStore.readEvents(interactionSid).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(InteractionCreatedEvent.class::isInstance)
                .map(InteractionCreatedEvent.class::cast)
                .findFirst().orElseThrow();
    }

    private JsonNode interaction(Conversation conversation) {
        return api(conversation, "/" + conversation.interactionSid());
    }

    private JsonNode api(Conversation conversation, String suffix) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/Services/"
                        + conversation.service() + "/Sessions/" + conversation.session() + "/Interactions" + suffix))
                .header(AccountHeader.NAME, conversation.upstream().account).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET()).statusCode();
    }

    private static String number() {
        return "+1415" + (1_000_000 + RANDOM.nextInt(8_999_999));
    }

    private static String messageSid() {
        return CarrierWebhookSender.resourceSid("SM");
    }

    private void sms(String from, String to, String body, String messageSid) {
        CarrierWebhookSender webhooks = webhooks();
        HttpResponse<String> answer = webhooks.postSigned(CarrierWebhookSender.MESSAGES,
                webhooks.smsParams(from, to, body, messageSid));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private CarrierWebhookSender webhooks() {
        return new CarrierWebhookSender(port, PUBLIC_URL, CARRIER_ACCOUNT, TOKEN);
    }



    private HttpResponse<String> send(HttpRequest.Builder request) {
        return webhooks().send(request);
    }
}
