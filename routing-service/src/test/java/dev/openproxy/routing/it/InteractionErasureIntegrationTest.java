package dev.openproxy.routing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.routing.interaction.Interaction;
import dev.openproxy.support.account.AccountHeader;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.support.personal.FieldCipher;
import dev.openproxy.support.personal.PersonalDataKeys;
import dev.openproxy.support.personal.PersonalDataReencryptionController;
import dev.openproxy.support.personal.PersonalDataProtector;
import dev.openproxy.testsupport.ClearTextScan;
import dev.openproxy.testsupport.EmbeddedPostgres;
import dev.openproxy.testsupport.TopicScan;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure of one Interaction (issue 9): its body and partner number are encrypted under the Interaction's own key,
 * so its DELETE makes them unrecoverable from the tables, the event store and Kafka while the Session's other
 * Interactions still read; the Session's (or its Service's) DELETE then erases every key under it. Snapshots, which
 * would bypass the encryption, cannot be stored. Events stored before (in the clear, or under the Session's key) are
 * brought to that form by the one-shot re-encryption.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "openproxy.carrier.account-sid=" + InteractionErasureIntegrationTest.CARRIER_ACCOUNT,
                "openproxy.carrier.auth-token=" + InteractionErasureIntegrationTest.TOKEN,
                "openproxy.carrier.public-url=" + InteractionErasureIntegrationTest.PUBLIC_URL,
                "openproxy.carrier.poll-interval=PT0.05S",
                "openproxy.carrier.timeout=PT2S"})
@EmbeddedKafka(kraft = true, partitions = 1)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class InteractionErasureIntegrationTest {

    static final String CARRIER_ACCOUNT = "AC00000000000000000000000000000003";
    static final String TOKEN = "carrier-auth-token-for-interaction-erasure";
    static final String PUBLIC_URL = "https://proxy.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final FakeCarrier CARRIER = FakeCarrier.started();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "routing_interaction_erasure_it");
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
    IntegrationEventPublisher publisher;
    @Autowired
    EventStore eventStore;
    @Autowired
    PersonalDataKeys keys;
    @Autowired
    Snapshotter snapshotter;

    private Upstream upstream;
    private CarrierWebhookSender webhooks;

    /** alice and bob in one session; alice texts bob through her proxy number. */
    private record Pair(String service, String session, String alice, String aliceProxy, String bob) {
    }

    @BeforeEach
    void setUp() {
        upstream = new Upstream(publisher, SidPrefix.ACCOUNT.newSid());
        webhooks = new CarrierWebhookSender(port, PUBLIC_URL, CARRIER_ACCOUNT, TOKEN);
    }

    private Pair pair(String service) {
        String session = upstream.session(service, "voice-and-message");
        Pair pair = new Pair(service, session, number(), number(), number());
        upstream.participant(service, session, pair.alice(), pair.aliceProxy());
        upstream.participant(service, session, pair.bob(), number());
        return pair;
    }

    /** alice texts bob; the Interaction's SID once the leg went out. */
    private String text(Pair pair, String body) {
        int before = CARRIER.to(pair.bob()).size();
        HttpResponse<String> answer = webhooks.postSigned(CarrierWebhookSender.MESSAGES,
                webhooks.smsParams(pair.alice(), pair.aliceProxy(), body, CarrierWebhookSender.resourceSid("SM")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        await().atMost(GENEROUS).until(() -> CARRIER.to(pair.bob()).size() == before + 1);
        String[] sid = new String[1];
        await().atMost(GENEROUS).untilAsserted(() -> {
            List<JsonNode> found = new ArrayList<>();
            interactions(pair).forEach(i -> {
                if (i.path("data").asText().contains(body)) {
                    found.add(i);
                }
            });
            assertThat(found).hasSize(1);
            assertThat(found.get(0).path("outbound_resource_status").asText()).isEqualTo("queued");
            sid[0] = found.get(0).get("sid").asText();
        });
        return sid[0];
    }

    @Test
    void deletingOneInteractionErasesItAloneAndTheSessionsDeletionErasesTheRest(CapturedOutput output) {
        Pair pair = pair(upstream.service());
        String deletedBody = "Wire the money to account 12345 " + UUID.randomUUID();
        String keptBody = "See you at noon " + UUID.randomUUID();
        String deleted = text(pair, deletedBody);
        String kept = text(pair, keptBody);
        String publishedDeleted = publishedData(deleted);
        assertThat(publishedDeleted).as("encrypted under the Interaction's own key").startsWith("enc:v1:" + deleted + ":");

        api("DELETE", pair, "/" + deleted, 204);

        api("GET", pair, "/" + deleted, 404);
        assertThat(ClearTextScan.tablesContaining(jdbc, deletedBody)).as("no table holds the deleted body").isEmpty();
        InteractionCreatedEvent replayed = createdEventOf(deleted);
        assertThat(replayed.data()).as("the event store's copy no longer decrypts: a replay shows it erased").isNull();
        assertThat(replayed.outboundIdentifier()).isNull();
        assertThat(String.join("\n", TopicScan.everyRecordValue(brokers))).doesNotContain(deletedBody);
        InteractionCreatedEvent fromKafka = kafkaCopy(deleted, publishedDeleted);
        assertThat(PersonalDataProtector.decrypt(fromKafka, keys::existingKey).data())
                .as("the Kafka copy no longer decrypts").isNull();
        assertThat(status("/internal/personal-data-keys/" + deleted)).as("consumers get no key").isEqualTo(404);

        // The Session's other Interaction is untouched, everywhere.
        assertThat(api("GET", pair, "/" + kept, 200).get("data").asText()).contains(keptBody);
        assertThat(createdEventOf(kept).data()).contains(keptBody);
        assertThat(createdEventOf(kept).outboundIdentifier()).isEqualTo(pair.bob());
        assertThat(PersonalDataProtector.decrypt(kafkaCopy(kept, publishedData(kept)), keys::existingKey).data())
                .contains(keptBody);
        assertThat(status("/internal/personal-data-keys/" + kept)).isEqualTo(200);

        // The Session's DELETE erases the keys of all its Interactions.
        upstream.delete(pair.service(), pair.session());
        await().atMost(GENEROUS).untilAsserted(() -> assertThat(createdEventOf(kept).data()).isNull());
        assertThat(status("/internal/personal-data-keys/" + kept)).isEqualTo(404);
        assertThat(ClearTextScan.tablesContaining(jdbc, keptBody)).isEmpty();
        assertThat(ClearTextScan.tablesContaining(jdbc, pair.bob())).isEmpty();
        assertThat(output.getAll()).doesNotContain(deletedBody).doesNotContain(keptBody).doesNotContain(pair.bob());
    }

    @Test
    void aDeletedServiceErasesTheInteractionKeysOfItsSessions() {
        String service = upstream.service();
        Pair pair = pair(service);
        String body = "The code is 4711 " + UUID.randomUUID();
        String interaction = text(pair, body);

        upstream.deleteService(service);

        await().atMost(GENEROUS).untilAsserted(() -> assertThat(createdEventOf(interaction).data()).isNull());
        assertThat(status("/internal/personal-data-keys/" + interaction)).isEqualTo(404);
        assertThat(ClearTextScan.tablesContaining(jdbc, body)).isEmpty();
    }

    @Test
    void aSnapshotIsNeverStored(CapturedOutput output) {
        Pair pair = pair(upstream.service());
        String interaction = text(pair, "Snapshot me " + UUID.randomUUID());

        snapshotter.scheduleSnapshot(Interaction.class, interaction);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshot_event_entry", Integer.class)).isZero();
        assertThat(output.getAll()).contains("Refusing to serialize aggregate Interaction");
    }

    @Test
    void eventsStoredBeforePerInteractionKeysAreReencryptedUnderTheirOwnScope() {
        Pair pair = pair(upstream.service());
        String template = text(pair, "A template " + UUID.randomUUID());
        String clearBody = "Stored in the clear " + UUID.randomUUID();
        String sessionScopedBody = "Stored under the session's key " + UUID.randomUUID();
        String deletedBody = "Of an interaction deleted before " + UUID.randomUUID();
        String clear = oldEvent(template, Interaction.messageData(clearBody));
        String sessionScoped = oldEvent(template, FieldCipher.encrypt(pair.session(),
                keys.keyFor(pair.session()).orElseThrow(), Interaction.messageData(sessionScopedBody)));
        String deleted = oldEvent(template, Interaction.messageData(deletedBody));
        keys.erase(deleted); // what V7 gives an interaction deleted before per-interaction keys
        assertThat(ClearTextScan.tablesContaining(jdbc, clearBody)).containsExactly("domain_event_entry");

        JsonNode report = tree(webhooks.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + PersonalDataReencryptionController.PATH)).POST(HttpRequest.BodyPublishers.noBody())).body());

        assertThat(report.get("rewritten").asLong()).isEqualTo(3);
        assertThat(report.get("skipped").asLong()).isZero();
        assertThat(ClearTextScan.tablesContaining(jdbc, clearBody)).isEmpty();
        assertThat(ClearTextScan.tablesContaining(jdbc, deletedBody)).isEmpty();
        assertThat(storedPayload(clear)).contains("enc:v1:" + clear + ":");
        assertThat(storedPayload(sessionScoped)).contains("enc:v1:" + sessionScoped + ":").doesNotContain("enc:v1:" + pair.session());
        assertThat(createdEventOf(clear).data()).contains(clearBody);
        assertThat(createdEventOf(clear).outboundIdentifier()).as("re-encrypted from the template's scope").isEqualTo(pair.bob());
        assertThat(createdEventOf(sessionScoped).data()).contains(sessionScopedBody);
        assertThat(createdEventOf(deleted).data()).as("an erased scope's values are stored as erased").isNull();
        assertThat(createdEventOf(template).data()).as("already in its own scope").contains("A template");

        api("DELETE", pair, "/" + template, 204);
        keys.erase(sessionScoped);
        assertThat(createdEventOf(sessionScoped).data()).as("erasable alone now").isNull();
        assertThat(createdEventOf(clear).data()).contains(clearBody);

        JsonNode again = tree(webhooks.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + PersonalDataReencryptionController.PATH)).POST(HttpRequest.BodyPublishers.noBody())).body());
        assertThat(again.get("rewritten").asLong()).as("idempotent").isZero();
    }

    /**
     * An InteractionCreatedEvent as an older version stored it: the template's row under a new aggregate, with its data
     * field set to {@code storedData} as it is to be found in the table.
     */
    private String oldEvent(String templateInteraction, String storedData) {
        String sid = SidPrefix.INTERACTION.newSid();
        ObjectNode json = (ObjectNode) tree(storedPayload(templateInteraction));
        assertThat(json.path("data").asText()).as("Axon's JSON of the record").startsWith("enc:v1:" + templateInteraction);
        json.put("data", storedData);
        json.put("interactionSid", sid);
        jdbc.update("INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision, payload_type, "
                        + "time_stamp, aggregate_identifier, sequence_number, type) SELECT ?, meta_data, ?, payload_revision, "
                        + "payload_type, time_stamp, ?, 0, type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND sequence_number = 0", UUID.randomUUID().toString(),
                json.toString().getBytes(StandardCharsets.UTF_8), sid, templateInteraction);
        return sid;
    }

    private String storedPayload(String interactionSid) {
        return jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = 0", String.class, interactionSid);
    }

    private String publishedData(String interactionSid) {
        return TopicScan.everyRecordValue(brokers).stream()
                .map(InteractionErasureIntegrationTest::tree)
                .filter(event -> interactionSid.equals(event.path("data").path("interaction_sid").asText())
                        && event.path("data").has("outbound_identifier"))
                .map(event -> event.path("data").path("data").asText())
                .findFirst().orElseThrow();
    }

    /** The created event as a consumer reads it from Kafka: personal fields still encrypted. */
    private InteractionCreatedEvent kafkaCopy(String interactionSid, String encryptedData) {
        InteractionCreatedEvent stored = createdEventOf(interactionSid);
        return new InteractionCreatedEvent(stored.interactionSid(), stored.sessionSid(), stored.serviceSid(),
                stored.accountSid(), stored.type(), encryptedData, null, null, null, null, null, null, null, null,
                stored.createdAt());
    }

    private InteractionCreatedEvent createdEventOf(String interactionSid) {
        return eventStore.readEvents(interactionSid).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(InteractionCreatedEvent.class::isInstance)
                .map(InteractionCreatedEvent.class::cast)
                .findFirst().orElseThrow();
    }

    private JsonNode interactions(Pair pair) {
        return api("GET", pair, "", 200).get("interactions");
    }

    private JsonNode api(String method, Pair pair, String suffix, int expectedStatus) {
        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/Services/" + pair.service() + "/Sessions/" + pair.session() + "/Interactions" + suffix))
                .header(AccountHeader.NAME, upstream.account).method(method, HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return response.body().isEmpty() ? JSON.nullNode() : tree(response.body());
    }

    private int status(String path) {
        return webhooks.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET()).statusCode();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String number() {
        return "+1415" + (1_000_000 + RANDOM.nextInt(8_999_999));
    }
}
