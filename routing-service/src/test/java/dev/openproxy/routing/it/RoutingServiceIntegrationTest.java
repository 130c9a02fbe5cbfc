package dev.openproxy.routing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.security.RequestValidator;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.account.AccountHeader;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.testsupport.ClearTextScan;
import dev.openproxy.testsupport.EmbeddedPostgres;
import dev.openproxy.testsupport.TopicScan;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import dev.openproxy.routing.RoutingServiceApplication;
import dev.openproxy.support.projection.ProjectionRebuild;
import dev.openproxy.testsupport.ProjectionRebuildCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routing-service against real PostgreSQL and Kafka and a fake Twilio-compatible carrier: sessions and participants
 * arrive as the events of session-service and participant-service; SMS arrive as signed Twilio webhooks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "openproxy.carrier.account-sid=" + RoutingServiceIntegrationTest.CARRIER_ACCOUNT,
                "openproxy.carrier.auth-token=" + RoutingServiceIntegrationTest.TOKEN,
                "openproxy.carrier.public-url=https://proxy.example.com",
                "openproxy.carrier.retry-initial=PT0.2S",
                "openproxy.carrier.poll-interval=PT0.05S",
                "openproxy.carrier.timeout=PT2S"})
@EmbeddedKafka(kraft = true, partitions = 1)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the projection rebuild goes last, over what the others wrote
class RoutingServiceIntegrationTest {

    static final String CARRIER_ACCOUNT = "AC00000000000000000000000000000001";
    static final String TOKEN = "carrier-auth-token-for-tests";
    private static final String PUBLIC_URL = "https://proxy.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FakeCarrier CARRIER = FakeCarrier.started();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "routing_it");
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
    ConfigurableApplicationContext context;

    private CarrierWebhookSender webhooks;
    private Upstream upstream;

    /** A two-participant session: alice and bob, each with their own proxy number. */
    private record Pair(String service, String session, String alice, String aliceProxy, String aliceSid, String bob,
                        String bobProxy, String bobSid) {
    }

    @BeforeEach
    void setUp() {
        upstream = new Upstream(publisher, SidPrefix.ACCOUNT.newSid());
        webhooks = new CarrierWebhookSender(port, PUBLIC_URL, CARRIER_ACCOUNT, TOKEN);
    }

    private static String number() {
        return "+1415" + (1_000_000 + RANDOM.nextInt(8_999_999));
    }

    private static String messageSid() {
        return CarrierWebhookSender.resourceSid("SM");
    }

    private Pair pair() {
        String service = upstream.service();
        String session = upstream.session(service, "voice-and-message");
        String alice = number();
        String aliceProxy = number();
        String bob = number();
        String bobProxy = number();
        String aliceSid = upstream.participant(service, session, alice, aliceProxy);
        String bobSid = upstream.participant(service, session, bob, bobProxy);
        return new Pair(service, session, alice, aliceProxy, aliceSid, bob, bobProxy, bobSid);
    }

    /** Twilio's own signing code (twilio-java's RequestValidator), so the service is checked against the reference. */
    static String sign(String url, Map<String, String> params) {
        return CarrierWebhookSender.signature(TOKEN, url, params);
    }

    private HttpResponse<String> webhook(Map<String, String> params, String signature) {
        return webhooks.post(CarrierWebhookSender.MESSAGES, params, signature);
    }

    private HttpResponse<String> sms(String from, String to, String body, String messageSid) {
        Map<String, String> params = smsParams(from, to, body, messageSid);
        return webhook(params, sign(PUBLIC_URL + "/carrier/twilio/messages", params));
    }

    private Map<String, String> smsParams(String from, String to, String body, String messageSid) {
        return webhooks.smsParams(from, to, body, messageSid);
    }

    private JsonNode api(String method, String account, String path, int expectedStatus) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (account != null) {
            request.header(AccountHeader.NAME, account);
        }
        HttpResponse<String> response = send(request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return webhooks.send(request);
    }

    private static String form(Map<String, String> params) {
        return CarrierWebhookSender.form(params);
    }

    private static String interactions(Pair pair) {
        return "/v1/Services/" + pair.service() + "/Sessions/" + pair.session() + "/Interactions";
    }

    private JsonNode awaitOutboundLeg(Pair pair, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode list = api("GET", upstream.account, interactions(pair), 200).get("interactions");
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("outbound_resource_status").asText()).isEqualTo(status);
            found[0] = list.get(0);
        });
        return found[0];
    }

    @Test
    void smsIsRelayedToThePartnerFromThePartnersProxyNumber(CapturedOutput output) throws Exception {
        Pair pair = pair();
        String inbound = messageSid();
        String body = "Hi Bob, it's \"Alice\" & co. ✓";

        HttpResponse<String> answer = sms(pair.alice(), pair.aliceProxy(), body, inbound);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(answer.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");

        await().atMost(Duration.ofSeconds(20)).until(() -> CARRIER.to(pair.bob()).size() == 1);
        FakeCarrier.Request sent = CARRIER.to(pair.bob()).get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/2010-04-01/Accounts/" + CARRIER_ACCOUNT + "/Messages.json");
        assertThat(sent.headers().get("authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((CARRIER_ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(sent.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "From", pair.bobProxy(), "To", pair.bob(), "Body", body,
                "StatusCallback", PUBLIC_URL + "/carrier/twilio/message-status"));

        JsonNode interaction = awaitOutboundLeg(pair, "queued");
        String sid = interaction.get("sid").asText();
        assertThat(SidPrefix.INTERACTION.matches(sid)).isTrue();
        assertThat(interaction.get("session_sid").asText()).isEqualTo(pair.session());
        assertThat(interaction.get("service_sid").asText()).isEqualTo(pair.service());
        assertThat(interaction.get("account_sid").asText()).isEqualTo(upstream.account);
        assertThat(interaction.get("type").asText()).isEqualTo("message");
        assertThat(JSON.readTree(interaction.get("data").asText()).get("body").asText()).isEqualTo(body);
        assertThat(interaction.get("inbound_participant_sid").asText()).isEqualTo(pair.aliceSid());
        assertThat(interaction.get("inbound_resource_sid").asText()).isEqualTo(inbound);
        assertThat(interaction.get("inbound_resource_type").asText()).isEqualTo("message");
        assertThat(interaction.get("inbound_resource_status").asText()).isEqualTo("received");
        assertThat(interaction.get("inbound_resource_url").asText())
                .isEqualTo(CARRIER.baseUrl() + "/2010-04-01/Accounts/" + CARRIER_ACCOUNT + "/Messages/" + inbound + ".json");
        assertThat(interaction.get("outbound_participant_sid").asText()).isEqualTo(pair.bobSid());
        assertThat(interaction.get("outbound_resource_sid").asText()).matches("SM[0-9a-f]{32}");
        assertThat(interaction.get("outbound_resource_type").asText()).isEqualTo("message");
        assertThat(interaction.get("date_created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(interaction.get("url").asText()).isEqualTo("http://localhost:8080" + interactions(pair) + "/" + sid);
        assertThat(interaction.size()).isEqualTo(19);
        assertThat(api("GET", upstream.account, interactions(pair) + "/" + sid, 200)).isEqualTo(interaction);

        // The reply goes back the other way, from alice's proxy number.
        sms(pair.bob(), pair.bobProxy(), "Hi Alice", messageSid());
        await().atMost(Duration.ofSeconds(20)).until(() -> CARRIER.to(pair.alice()).size() == 1);
        assertThat(CARRIER.to(pair.alice()).get(0).form().get("From")).isEqualTo(pair.aliceProxy());

        // Events on openproxy.interactions.v1, keyed by session.
        List<JsonNode> events = eventsOfSession(pair.session(), 4);
        assertThat(events).extracting(e -> e.get("type").asText()).contains(EventTypes.INTERACTION_CREATED,
                EventTypes.INTERACTION_LEG_STATUS_CHANGED);
        JsonNode created = events.stream().filter(e -> e.get("type").asText().equals(EventTypes.INTERACTION_CREATED)
                && e.get("subject").asText().equals(sid)).findFirst().orElseThrow();
        assertThat(created.get("accountsid").asText()).isEqualTo(upstream.account);
        assertThat(created.get("data").get("session_sid").asText()).isEqualTo(pair.session());
        assertThat(created.get("data").get("created_at").asText()).isNotBlank();

        // Personal data stays out of the logs.
        assertThat(output.getAll()).doesNotContain(pair.alice()).doesNotContain(pair.bob()).doesNotContain("Hi Bob");
    }

    private List<JsonNode> eventsOfSession(String sessionSid, int atLeast) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.INTERACTIONS));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (sessionSid.equals(record.key())) {
                        try {
                            found.add(JSON.readTree(record.value()));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void aBadOrMissingSignatureIs403AndChangesNothing() {
        Pair pair = pair();
        Map<String, String> params = smsParams(pair.alice(), pair.aliceProxy(), "hello", messageSid());
        String good = sign(PUBLIC_URL + "/carrier/twilio/messages", params);

        Map<String, String> tampered = new LinkedHashMap<>(params);
        tampered.put("Body", "hello!");
        assertThat(webhook(tampered, good).statusCode()).isEqualTo(403);
        assertThat(webhook(params, null).statusCode()).isEqualTo(403);
        assertThat(webhook(params, sign("http://localhost:8084/carrier/twilio/messages", params)).statusCode()).isEqualTo(403);

        // A correctly signed one goes through, so the above were refused for their signatures only.
        assertThat(new RequestValidator(TOKEN).validate(PUBLIC_URL + "/carrier/twilio/messages", params, good)).isTrue();
        assertThat(webhook(params, good).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> CARRIER.to(pair.bob()).size() == 1);
        assertThat(CARRIER.to(pair.bob()).get(0).form().get("Body")).isEqualTo("hello");
    }

    @Test
    void aRetriedWebhookNeverSendsASecondOutboundLeg() throws Exception {
        Pair pair = pair();
        String inbound = messageSid();
        assertThat(sms(pair.alice(), pair.aliceProxy(), "once", inbound).statusCode()).isEqualTo(200);
        assertThat(sms(pair.alice(), pair.aliceProxy(), "once", inbound).statusCode()).isEqualTo(200);
        awaitOutboundLeg(pair, "queued");
        // and concurrently
        String concurrent = messageSid();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread thread = new Thread(() -> sms(pair.alice(), pair.aliceProxy(), "twice", concurrent));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> CARRIER.to(pair.bob()).size() == 2);
        Thread.sleep(1000);
        assertThat(CARRIER.to(pair.bob())).hasSize(2);
        assertThat(api("GET", upstream.account, interactions(pair), 200).get("interactions")).hasSize(2);
    }

    /**
     * The outbox sends several legs at once (openproxy.carrier.max-in-flight) and is woken by each commit: many
     * webhooks at the same moment still give exactly one carrier request per leg, each naming its own interaction.
     */
    @Test
    void manySmsAtOnceAreEachSentToTheCarrierExactlyOnce() throws Exception {
        Pair pair = pair();
        int count = 24;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "burst " + i;
            Thread thread = new Thread(() -> assertThat(sms(pair.alice(), pair.aliceProxy(), body, messageSid())
                    .statusCode()).isEqualTo(200));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM outbound_messages WHERE session_sid = ? AND status = 'sent'", Integer.class,
                pair.session()) == count);
        List<FakeCarrier.Request> sent = CARRIER.to(pair.bob());
        assertThat(sent).hasSize(count);
        assertThat(sent.stream().map(r -> r.headers().get("i-twilio-idempotency-token")).distinct()).hasSize(count);
        assertThat(sent.stream().map(r -> r.form().get("Body")).distinct()).hasSize(count);
    }

    @Test
    void aCarrierFailureIsRetriedWithBackoffAndRecorded() {
        Pair pair = pair();
        CARRIER.script(pair.bob(), 500, 503);
        sms(pair.alice(), pair.aliceProxy(), "retry me", messageSid());

        JsonNode interaction = awaitOutboundLeg(pair, "queued");
        assertThat(CARRIER.to(pair.bob())).hasSize(3);
        assertThat(CARRIER.to(pair.bob())).allSatisfy(r -> assertThat(r.form().get("Body")).isEqualTo("retry me"));
        Map<String, Object> outbox = jdbc.queryForMap("SELECT status, attempts, last_error, body, to_number "
                + "FROM outbound_messages WHERE interaction_sid = ?", interaction.get("sid").asText());
        assertThat(outbox.get("status")).isEqualTo("sent");
        assertThat(outbox.get("attempts")).isEqualTo(3);
        assertThat((String) outbox.get("last_error")).contains("503");
        assertThat(outbox.get("body")).isNull();
        assertThat(outbox.get("to_number")).isNull();
    }

    @Test
    void deliveryReportsUpdateTheOutboundLeg() {
        Pair pair = pair();
        sms(pair.alice(), pair.aliceProxy(), "track me", messageSid());
        JsonNode interaction = awaitOutboundLeg(pair, "queued");
        String outbound = interaction.get("outbound_resource_sid").asText();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", outbound);
        params.put("MessageStatus", "delivered");
        params.put("AccountSid", CARRIER_ACCOUNT);
        String url = PUBLIC_URL + "/carrier/twilio/message-status";
        HttpRequest.Builder unsigned = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/carrier/twilio/message-status"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        assertThat(send(unsigned).statusCode()).isEqualTo(403);
        assertThat(send(unsigned.header("X-Twilio-Signature", sign(url, params))).statusCode()).isEqualTo(200);
        awaitOutboundLeg(pair, "delivered");
    }

    private HttpResponse<String> signedPost(String path, Map<String, String> params) {
        return webhookTo(path, params, sign(PUBLIC_URL + path, params));
    }

    private HttpResponse<String> webhookTo(String path, Map<String, String> params, String signature) {
        return webhooks.post(path, params, signature);
    }

    private Map<String, String> callParams(String from, String to, String callSid) {
        return webhooks.callParams(from, to, callSid);
    }

    @Test
    void aCallIsDialledToThePartnerFromThePartnersProxyNumber() {
        Pair pair = pair();
        String callSid = "CA" + messageSid().substring(2);
        Map<String, String> params = callParams(pair.alice(), pair.aliceProxy(), callSid);
        assertThat(webhookTo("/carrier/twilio/voice", params, "bad").statusCode()).isEqualTo(403);

        HttpResponse<String> answer = signedPost("/carrier/twilio/voice", params);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        String expected = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial callerId=\"" + pair.bobProxy()
                + "\"><Number statusCallback=\"" + PUBLIC_URL + "/carrier/twilio/call-status\" "
                + "statusCallbackEvent=\"initiated ringing answered completed\">" + pair.bob() + "</Number></Dial></Response>";
        assertThat(answer.body()).isEqualTo(expected);
        // The carrier retries: the same TwiML, still one interaction.
        assertThat(signedPost("/carrier/twilio/voice", params).body()).isEqualTo(expected);

        JsonNode list = api("GET", upstream.account, interactions(pair), 200).get("interactions");
        assertThat(list).hasSize(1);
        JsonNode interaction = list.get(0);
        assertThat(interaction.get("type").asText()).isEqualTo("voice");
        assertThat(interaction.get("data").isNull()).isTrue();
        assertThat(interaction.get("inbound_resource_sid").asText()).isEqualTo(callSid);
        assertThat(interaction.get("inbound_resource_type").asText()).isEqualTo("call");
        assertThat(interaction.get("inbound_resource_status").asText()).isEqualTo("ringing");
        assertThat(interaction.get("inbound_resource_url").asText()).endsWith("/Calls/" + callSid + ".json");
        assertThat(interaction.get("outbound_participant_sid").asText()).isEqualTo(pair.bobSid());
        assertThat(interaction.get("outbound_resource_type").asText()).isEqualTo("call");

        String child = "CA" + messageSid().substring(2);
        Map<String, String> status = new LinkedHashMap<>();
        status.put("CallSid", child);
        status.put("ParentCallSid", callSid);
        status.put("CallStatus", "completed");
        status.put("CallDuration", "42");
        assertThat(signedPost("/carrier/twilio/call-status", status).statusCode()).isEqualTo(200);
        Map<String, String> inboundStatus = new LinkedHashMap<>();
        inboundStatus.put("CallSid", callSid);
        inboundStatus.put("CallStatus", "completed");
        // The inbound call also counts the ringing before the partner answered: the dialled leg's 42 s stay.
        inboundStatus.put("CallDuration", "49");
        assertThat(signedPost("/carrier/twilio/call-status", inboundStatus).statusCode()).isEqualTo(200);
        JsonNode updated = api("GET", upstream.account, interactions(pair) + "/" + interaction.get("sid").asText(), 200);
        assertThat(updated.get("outbound_resource_sid").asText()).isEqualTo(child);
        assertThat(updated.get("outbound_resource_status").asText()).isEqualTo("completed");
        assertThat(updated.get("inbound_resource_status").asText()).isEqualTo("completed");
        assertThat(updated.get("data").asText()).isEqualTo("{\"duration\":42}");
        List<JsonNode> legEvents = eventsOfSession(pair.session(), 3).stream()
                .filter(e -> e.get("type").asText().equals(EventTypes.INTERACTION_LEG_STATUS_CHANGED)).toList();
        assertThat(legEvents).extracting(e -> e.get("data").get("duration").asInt()).containsExactly(42, 49);
        assertThat(CARRIER.to(pair.bob())).isEmpty();
    }

    @Test
    void theInboundCallsDurationIsTheInteractionsDataWhenTheDialledLegReportsNone() {
        Pair pair = pair();
        String callSid = "CA" + messageSid().substring(2);
        assertThat(signedPost("/carrier/twilio/voice", callParams(pair.alice(), pair.aliceProxy(), callSid)).body())
                .contains("<Dial");
        String sid = api("GET", upstream.account, interactions(pair), 200).get("interactions").get(0).get("sid").asText();

        Map<String, String> ringing = new LinkedHashMap<>();
        ringing.put("CallSid", callSid);
        ringing.put("CallStatus", "in-progress");
        ringing.put("CallDuration", "3");
        signedPost("/carrier/twilio/call-status", ringing);
        assertThat(api("GET", upstream.account, interactions(pair) + "/" + sid, 200).get("data").isNull())
                .as("a duration before the call completed is not its duration").isTrue();

        Map<String, String> completed = new LinkedHashMap<>();
        completed.put("CallSid", callSid);
        completed.put("CallStatus", "completed");
        completed.put("CallDuration", "7");
        signedPost("/carrier/twilio/call-status", completed);
        JsonNode interaction = api("GET", upstream.account, interactions(pair) + "/" + sid, 200);
        assertThat(interaction.get("inbound_resource_status").asText()).isEqualTo("completed");
        assertThat(interaction.get("data").asText()).isEqualTo("{\"duration\":7}");
    }

    @Test
    void aCallToAMessageOnlySessionIsEndedPolitely() {
        String service = upstream.service();
        String session = upstream.session(service, "message-only");
        String alice = number();
        String aliceProxy = number();
        upstream.participant(service, session, alice, aliceProxy);
        upstream.participant(service, session, number(), number());
        HttpResponse<String> answer = signedPost("/carrier/twilio/voice", callParams(alice, aliceProxy,
                "CA" + messageSid().substring(2)));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("<Hangup/>").doesNotContain("<Dial");
        assertThat(signedPost("/carrier/twilio/voice", callParams(number(), aliceProxy, "CA" + messageSid().substring(2)))
                .body()).contains("<Hangup/>");
        assertThat(api("GET", upstream.account, "/v1/Services/" + service + "/Sessions/" + session + "/Interactions", 200)
                .get("interactions")).isEmpty();
    }

    @Test
    void aMessageInteractionIsSentToTheParticipantFromItsProxyNumber() {
        Pair pair = pair();
        String path = "/v1/Services/" + pair.service() + "/Sessions/" + pair.session() + "/Participants/" + pair.aliceSid()
                + "/MessageInteractions";
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(AccountHeader.NAME, upstream.account)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Body=" + URLEncoder.encode("Your driver is here", StandardCharsets.UTF_8))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode body;
        try {
            body = JSON.readTree(created.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String sid = body.get("sid").asText();
        assertThat(body.get("participant_sid").asText()).isEqualTo(pair.aliceSid());
        assertThat(body.get("outbound_participant_sid").asText()).isEqualTo(pair.aliceSid());
        assertThat(body.get("inbound_participant_sid").isNull()).isTrue();
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.get("url").asText()).isEqualTo("http://localhost:8080" + path + "/" + sid);
        assertThat(body.size()).isEqualTo(20);

        await().atMost(Duration.ofSeconds(20)).until(() -> CARRIER.to(pair.alice()).size() == 1);
        assertThat(CARRIER.to(pair.alice()).get(0).form()).containsEntry("From", pair.aliceProxy())
                .containsEntry("Body", "Your driver is here");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api("GET", upstream.account, path + "/" + sid, 200).get("outbound_resource_status").asText()).isEqualTo("queued"));
        assertThat(api("GET", upstream.account, path, 200).get("interactions")).hasSize(1);
        assertThat(api("GET", upstream.account, interactions(pair), 200).get("interactions")).hasSize(1);
        api("GET", SidPrefix.ACCOUNT.newSid(), path, 404);
        api("GET", upstream.account, "/v1/Services/" + pair.service() + "/Sessions/" + pair.session() + "/Participants/"
                + SidPrefix.PARTICIPANT.newSid() + "/MessageInteractions", 404);
    }

    @Test
    void aRefusedLegIsRecordedAsFailed() {
        Pair pair = pair();
        CARRIER.script(pair.bob(), 400);
        sms(pair.alice(), pair.aliceProxy(), "bad number", messageSid());
        awaitOutboundLeg(pair, "failed");
        assertThat(CARRIER.to(pair.bob())).hasSize(1);
    }

    @Test
    void optOutKeywordsAreNotForwarded() throws Exception {
        Pair pair = pair();
        for (String keyword : List.of("STOP", " stop ", "Unsubscribe", "arret", "StopAll", "QUIT", "end", "cancel",
                "ARRETE", "arrett")) {
            HttpResponse<String> answer = sms(pair.alice(), pair.aliceProxy(), keyword, messageSid());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).endsWith("<Response/>");
        }
        sms(pair.alice(), pair.aliceProxy(), "stop it, please", messageSid());
        await().atMost(Duration.ofSeconds(20)).until(() -> CARRIER.to(pair.bob()).size() == 1);
        Thread.sleep(500);
        assertThat(CARRIER.to(pair.bob())).hasSize(1);
        assertThat(CARRIER.to(pair.bob()).get(0).form().get("Body")).isEqualTo("stop it, please");
    }

    @Test
    void noSessionNoRelay() throws Exception {
        Pair pair = pair();
        String stranger = number();
        assertThat(sms(stranger, pair.aliceProxy(), "who is this", messageSid()).body()).endsWith("<Response/>");
        upstream.close(pair.service(), pair.session());
        assertThat(sms(pair.alice(), pair.aliceProxy(), "after close", messageSid()).statusCode()).isEqualTo(200);
        Thread.sleep(500);
        assertThat(CARRIER.to(pair.bob())).isEmpty();
        assertThat(api("GET", upstream.account, interactions(pair), 200).get("interactions")).isEmpty();
    }

    @Test
    void aRemovedPartnerIsNotMessaged() throws Exception {
        Pair pair = pair();
        upstream.removeParticipant(pair.service(), pair.session(), pair.bobSid());
        assertThat(sms(pair.alice(), pair.aliceProxy(), "anyone?", messageSid()).statusCode()).isEqualTo(200);
        Thread.sleep(500);
        assertThat(CARRIER.to(pair.bob())).isEmpty();
    }

    @Test
    void interactionsAreAccountScopedPagedAndDeletable() {
        Pair pair = pair();
        sms(pair.alice(), pair.aliceProxy(), "one", messageSid());
        sms(pair.bob(), pair.bobProxy(), "two", messageSid());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api("GET", upstream.account, interactions(pair), 200).get("interactions").size() == 2);

        JsonNode page1 = api("GET", upstream.account, interactions(pair) + "?PageSize=1", 200);
        assertThat(page1.get("interactions")).hasSize(1);
        assertThat(page1.get("meta").get("key").asText()).isEqualTo("interactions");
        String next = page1.get("meta").get("next_page_url").asText();
        JsonNode page2 = api("GET", upstream.account, next.substring("http://localhost:8080".length()), 200);
        assertThat(page2.get("interactions")).hasSize(1);
        String sid = page1.get("interactions").get(0).get("sid").asText();
        assertThat(page2.get("interactions").get(0).get("sid").asText()).isNotEqualTo(sid);

        String other = SidPrefix.ACCOUNT.newSid();
        assertThat(api("GET", other, interactions(pair), 404).get("code").asInt()).isEqualTo(20404);
        api("GET", other, interactions(pair) + "/" + sid, 404);
        api("DELETE", other, interactions(pair) + "/" + sid, 404);
        api("GET", upstream.account, interactions(pair) + "/" + SidPrefix.INTERACTION.newSid(), 404);

        api("DELETE", upstream.account, interactions(pair) + "/" + sid, 204);
        api("GET", upstream.account, interactions(pair) + "/" + sid, 404);
        api("DELETE", upstream.account, interactions(pair) + "/" + sid, 404);
        assertThat(api("GET", upstream.account, interactions(pair), 200).get("interactions")).hasSize(1);
    }

    /** Crypto-shredding (docs/adr/0012-crypto-shredding.md): bodies and numbers are never in the event store in the clear. */
    @Test
    void aDeletedSessionsBodiesAndNumbersCannotBeRecoveredFromTheDatabase(CapturedOutput output) {
        Pair pair = pair();
        String body = "Meet me at the lighthouse " + UUID.randomUUID();
        sms(pair.alice(), pair.aliceProxy(), body, messageSid());
        JsonNode interaction = awaitOutboundLeg(pair, "queued");
        String interactionSid = interaction.get("sid").asText();
        assertThat(interaction.get("data").asText()).as("the API still shows it").contains(body);
        assertThat(ClearTextScan.tablesContaining(jdbc, body)).doesNotContain("domain_event_entry", "snapshot_event_entry");
        assertThat(ClearTextScan.tablesContaining(jdbc, pair.bob())).doesNotContain("domain_event_entry", "snapshot_event_entry");
        assertThat(createdEventOf(interactionSid).data()).as("decrypted on read").contains(body);
        JsonNode published = eventsOfSession(pair.session(), 1).get(0).get("data");
        assertThat(published.get("data").asText()).as("encrypted on Kafka, under the Interaction's key")
                .startsWith("enc:v1:" + interactionSid + ":");
        assertThat(published.get("outbound_identifier").asText()).startsWith("enc:v1:");

        upstream.delete(pair.service(), pair.session());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ClearTextScan.tablesContaining(jdbc, body)).isEmpty();
            assertThat(ClearTextScan.tablesContaining(jdbc, pair.alice())).isEmpty();
            assertThat(ClearTextScan.tablesContaining(jdbc, pair.bob())).isEmpty();
        });
        api("GET", upstream.account, interactions(pair) + "/" + interactionSid, 404);
        String topics = String.join("\n", TopicScan.everyRecordValue(brokers));
        assertThat(topics).contains(pair.session()).doesNotContain(body).doesNotContain(pair.alice()).doesNotContain(pair.bob());
        InteractionCreatedEvent replayed = createdEventOf(interactionSid);
        assertThat(replayed.data()).as("a replay reads the event, with its personal data erased").isNull();
        assertThat(replayed.outboundIdentifier()).isNull();
        assertThat(replayed.outboundProxyIdentifier()).as("proxy numbers are not personal").isEqualTo(pair.bobProxy());
        assertThat(output.getAll()).doesNotContain(body).doesNotContain(pair.alice()).doesNotContain(pair.bob());
    }

    /**
     * Issue 8 and 9, replay: after every other test of this class, and after a session with a relayed SMS was deleted,
     * the service is stopped and its jar's rebuild mode rebuilds the routing table from Kafka and the interactions from
     * the event store. Every table comes back as it was (the outbox, write-side, untouched: nothing is sent again), the
     * deleted session's body and numbers stay unreadable, and it is in no projection.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    @DirtiesContext
    void rebuildingEveryProjectionGivesBackTheSameTablesAndNotADeletedSession() {
        Pair kept = pair();
        String keptBody = "Still here " + UUID.randomUUID();
        sms(kept.alice(), kept.aliceProxy(), keptBody, messageSid());
        awaitOutboundLeg(kept, "queued");
        Pair deleted = pair();
        String deletedBody = "Forget this " + UUID.randomUUID();
        sms(deleted.alice(), deleted.aliceProxy(), deletedBody, messageSid());
        awaitOutboundLeg(deleted, "queued");
        upstream.delete(deleted.service(), deleted.session());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ClearTextScan.tablesContaining(jdbc, deletedBody)).isEmpty());
        int sentBefore = CARRIER.to(kept.bob()).size();

        List<ProjectionRebuild.Result> results =
                ProjectionRebuildCheck.assertRebuildReproducesEveryTable(context, RoutingServiceApplication.class);

        assertThat(results).extracting(ProjectionRebuild.Result::projection).containsExactly(
                "routing-service.session-directory", "routing-service.routing-table", "routing-service.number-directory",
                "routing-service.service-directory", "interactions");
        assertThat(results).filteredOn(result -> !result.projection().equals("routing-service.number-directory"))
                .as("this class publishes no pool numbers").allSatisfy(result -> assertThat(result.events()).isPositive());
        assertThat(CARRIER.to(kept.bob())).as("nothing is sent again").hasSize(sentBefore);
        for (String erased : List.of(deletedBody, deleted.alice(), deleted.bob())) {
            assertThat(ClearTextScan.tablesContaining(jdbc, erased)).isEmpty();
        }
        assertThat(ClearTextScan.tablesContaining(jdbc, deleted.session())).as("the session is in no projection")
                .containsOnly("domain_event_entry", "personal_data_keys");
        assertThat(ClearTextScan.tablesContaining(jdbc, keptBody)).contains("interactions")
                .doesNotContain("domain_event_entry");
    }

    private InteractionCreatedEvent createdEventOf(String interactionSid) {
        return eventStore.readEvents(interactionSid).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(InteractionCreatedEvent.class::isInstance)
                .map(InteractionCreatedEvent.class::cast)
                .findFirst().orElseThrow();
    }
}
