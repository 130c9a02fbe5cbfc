package dev.openproxy.routing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.security.RequestValidator;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.account.AccountHeader;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Service webhooks against real PostgreSQL and Kafka: CallbackUrl, InterceptCallbackUrl and
 * OutOfSessionCallbackUrl (TwiML, auto-create JSON, failure), each signed with the account's auth token and checked
 * with twilio-java's RequestValidator, as a customer's server would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "openproxy.carrier.account-sid=" + ServiceWebhooksIntegrationTest.CARRIER_ACCOUNT,
                "openproxy.carrier.auth-token=" + ServiceWebhooksIntegrationTest.CARRIER_TOKEN,
                "openproxy.carrier.public-url=" + ServiceWebhooksIntegrationTest.PUBLIC_URL,
                "openproxy.carrier.poll-interval=PT0.05S",
                // Not shorter: auto-create waits twice this for the test's session-service, which publishes the
                // Session and its participants to Kafka before it answers, and took over 2 s on a loaded machine.
                "openproxy.webhooks.timeout=PT3S"})
@EmbeddedKafka(kraft = true, partitions = 1)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ServiceWebhooksIntegrationTest {

    static final String CARRIER_ACCOUNT = "AC00000000000000000000000000000002";
    static final String CARRIER_TOKEN = "carrier-token-for-webhook-tests";
    static final String PUBLIC_URL = "https://proxy.example.com";
    private static final String ACCOUNT_TOKEN = "the-accounts-own-auth-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FakeCarrier CARRIER;
    private static final CustomerServer CUSTOMER;

    static {
        try {
            CARRIER = new FakeCarrier();
            CUSTOMER = new CustomerServer();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "routing_webhooks");
        registry.add("openproxy.carrier.base-url", CARRIER::baseUrl);
        registry.add("openproxy.webhooks.signer-url", CUSTOMER::base);
        registry.add("openproxy.webhooks.session-service", CUSTOMER::base);
    }

    @AfterAll
    static void stopPeers() {
        CARRIER.close();
        CUSTOMER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IntegrationEventPublisher publisher;

    private CarrierWebhookSender webhooks;
    private Upstream upstream;
    private String hooks;

    @BeforeEach
    void setUp() {
        upstream = new Upstream(publisher, SidPrefix.ACCOUNT.newSid());
        CUSTOMER.accountTokens.put(upstream.account, ACCOUNT_TOKEN);
        webhooks = new CarrierWebhookSender(port, PUBLIC_URL, CARRIER_ACCOUNT, CARRIER_TOKEN);
        hooks = "/hooks/" + SidPrefix.SERVICE.newSid(); // this test's own paths on the customer's server
    }

    private static String number() {
        return "+1415" + (1_000_000 + RANDOM.nextInt(8_999_999));
    }

    private static String resourceSid(String prefix) {
        return CarrierWebhookSender.resourceSid(prefix);
    }





    private HttpResponse<String> sms(String from, String to, String body, String messageSid) {
        return webhooks.postSigned(CarrierWebhookSender.MESSAGES, webhooks.smsParams(from, to, body, messageSid));
    }

    private HttpResponse<String> call(String from, String to, String callSid) {
        return webhooks.postSigned(CarrierWebhookSender.VOICE, webhooks.callParams(from, to, callSid));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return webhooks.send(request);
    }

    private JsonNode interactions(String service, String session) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/Services/" + service + "/Sessions/" + session + "/Interactions"))
                .header(AccountHeader.NAME, upstream.account).GET());
        try {
            return JSON.readTree(response.body()).get("interactions");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the customer's server would do: check X-Twilio-Signature with its auth token and twilio-java. */
    private static void assertSignedByTheAccount(CustomerServer.Request request) {
        Map<String, String> params = new LinkedHashMap<>();
        request.form().forEach((name, values) -> params.put(name, values.get(0)));
        String url = CUSTOMER.url(request.path()) + (request.query() == null ? "" : "?" + request.query());
        assertThat(request.headers().get("x-twilio-signature")).as("signature").isNotNull();
        assertThat(new RequestValidator(ACCOUNT_TOKEN).validate(url, params, request.headers().get("x-twilio-signature")))
                .as("X-Twilio-Signature checks with the account's auth token").isTrue();
        assertThat(request.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
    }

    private long storedEvents(String payloadType, String aggregateId) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = ? "
                + "AND aggregate_identifier = ?", Long.class, payloadType, aggregateId);
        return count == null ? 0 : count;
    }

    @Test
    void theCallbackUrlIsToldOfEachNewInteractionOnceWithTwiliosParametersSigned() {
        String service = upstream.service(CUSTOMER.url(hooks + "/callback?tenant=a"), null, null);
        String session = upstream.session(service, "voice-and-message");
        String alice = number(), aliceProxy = number(), bob = number(), bobProxy = number();
        String aliceSid = upstream.participant(service, session, alice, aliceProxy);
        String bobSid = upstream.participant(service, session, bob, bobProxy);

        assertThat(sms(alice, aliceProxy, "Hello Bob", resourceSid("SM")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> CUSTOMER.to(hooks + "/callback").size() == 1);
        CustomerServer.Request callback = CUSTOMER.to(hooks + "/callback").get(0);
        assertSignedByTheAccount(callback);
        JsonNode interaction = interactions(service, session).get(0);
        assertThat(callback.param("interactionSid")).isEqualTo(interaction.get("sid").asText());
        assertThat(callback.param("interactionAccountSid")).isEqualTo(upstream.account);
        assertThat(callback.param("interactionServiceSid")).isEqualTo(service);
        assertThat(callback.param("interactionSessionSid")).isEqualTo(session);
        assertThat(callback.param("interactionType")).isEqualTo("Message");
        assertThat(callback.param("interactionData")).isEqualTo("{\"body\":\"Hello Bob\"}");
        assertThat(callback.param("inboundParticipantSid")).isEqualTo(aliceSid);
        assertThat(callback.param("inboundResourceType")).isEqualTo("message");
        assertThat(callback.param("outboundParticipantSid")).isEqualTo(bobSid);
        assertThat(callback.param("outboundResourceSid")).isEqualTo(interaction.get("outbound_resource_sid").asText())
                .startsWith("SM");
        assertThat(callback.param("outboundResourceUrl")).isEqualTo(CARRIER.baseUrl() + "/2010-04-01/Accounts/"
                + CARRIER_ACCOUNT + "/Messages/" + callback.param("outboundResourceSid") + ".json");

        // A call is an interaction too: told at once, its outbound leg being the dial.
        assertThat(call(bob, bobProxy, resourceSid("CA")).body()).contains("<Dial");
        await().atMost(Duration.ofSeconds(20)).until(() -> CUSTOMER.to(hooks + "/callback").size() == 2);
        assertThat(CUSTOMER.to(hooks + "/callback").get(1).param("interactionType")).isEqualTo("Voice");
        assertThat(CUSTOMER.to(hooks + "/callback").get(1).param("inboundParticipantSid")).isEqualTo(bobSid);
    }

    @Test
    void anInterceptAnswering403BlocksTheContactAndAnyOtherAnswerOrATimeoutLetsItThrough() {
        String service = upstream.service(null, CUSTOMER.url(hooks + "/intercept"), null);
        String session = upstream.session(service, "voice-and-message");
        String alice = number(), aliceProxy = number(), bob = number(), bobProxy = number();
        String aliceSid = upstream.participant(service, session, alice, aliceProxy);
        upstream.participant(service, session, bob, bobProxy);

        CUSTOMER.answer(hooks + "/intercept", CustomerServer.Answer.of(403, "text/plain", "no"));
        String blocked = resourceSid("SM");
        assertThat(sms(alice, aliceProxy, "blocked words", blocked).statusCode()).isEqualTo(200);
        CustomerServer.Request asked = CUSTOMER.to(hooks + "/intercept").get(0);
        assertSignedByTheAccount(asked);
        assertThat(asked.param("inboundResourceSid")).isEqualTo(blocked);
        assertThat(asked.param("inboundParticipantSid")).isEqualTo(aliceSid);
        assertThat(asked.param("interactionData")).isEqualTo("{\"body\":\"blocked words\"}");
        assertThat(asked.form()).doesNotContainKeys("outboundParticipantSid", "outboundResourceSid");
        // The carrier retries the same webhook: still blocked, and still nothing relayed.
        sms(alice, aliceProxy, "blocked words", blocked);
        assertThat(storedEvents("dev.openproxy.contracts.events.interaction.InteractionBlockedEvent",
                asked.param("interactionSid"))).isEqualTo(1);

        CUSTOMER.answer(hooks + "/intercept", CustomerServer.Answer.of(500, "text/plain", "oops"));
        sms(alice, aliceProxy, "after a 500", resourceSid("SM"));
        CUSTOMER.answer(hooks + "/intercept", new CustomerServer.Answer(200, "text/plain", "", 4_500));
        sms(alice, aliceProxy, "after a timeout", resourceSid("SM"));

        await().atMost(Duration.ofSeconds(20)).until(() -> CARRIER.to(bob).size() == 2);
        assertThat(CARRIER.to(bob)).extracting(r -> r.form().get("Body")).containsExactly("after a 500", "after a timeout");
        assertThat(interactions(service, session)).hasSize(2);

        // A call is intercepted the same way: a 403 ends it without a dial.
        CUSTOMER.answer(hooks + "/intercept", CustomerServer.Answer.of(403, "text/plain", "no"));
        String refused = call(alice, aliceProxy, resourceSid("CA")).body();
        assertThat(refused).contains("<Hangup/>").doesNotContain("<Dial");
        assertThat(interactions(service, session)).hasSize(2);
    }

    @Test
    void anOutOfSessionCallbackAnsweringTwimlHasItGivenToTheCarrier() {
        String service = upstream.service(null, null, CUSTOMER.url(hooks + "/out-of-session"));
        String proxy = number();
        upstream.number(service, proxy);
        String stranger = number();
        String twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>This number is not in use"
                + "</Message></Response>";
        CUSTOMER.answer(hooks + "/out-of-session", CustomerServer.Answer.of(200, "application/xml", twiml));

        String messageSid = resourceSid("SM");
        HttpResponse<String> answer = sms(stranger, proxy, "hello?", messageSid);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(twiml);
        CustomerServer.Request asked = CUSTOMER.to(hooks + "/out-of-session").get(0);
        assertSignedByTheAccount(asked);
        assertThat(asked.param("From")).isEqualTo(stranger);
        assertThat(asked.param("To")).isEqualTo(proxy);
        assertThat(asked.param("Body")).isEqualTo("hello?");
        assertThat(asked.param("MessageSid")).isEqualTo(messageSid);
        assertThat(storedEvents("dev.openproxy.contracts.events.interaction.InboundOutOfSessionEvent",
                "out-of-session:" + messageSid)).isEqualTo(1);

        // The same for a call: the TwiML is the call's answer.
        String voice = "<Response><Say>Goodbye</Say></Response>";
        CUSTOMER.answer(hooks + "/out-of-session", CustomerServer.Answer.of(200, "text/xml", voice));
        assertThat(call(stranger, proxy, resourceSid("CA")).body()).isEqualTo(voice);
        assertThat(CARRIER.to(stranger)).isEmpty();
    }

    @Test
    void aClosedSessionsContactCarriesThePreviousSessionAndAFailingCallbackDropsIt() {
        String service = upstream.service(null, null, CUSTOMER.url(hooks + "/out-of-session"));
        String session = upstream.session(service, "message-only");
        String alice = number(), aliceProxy = number(), bob = number(), bobProxy = number();
        String aliceSid = upstream.participant(service, session, alice, aliceProxy);
        String bobSid = upstream.participant(service, session, bob, bobProxy);
        upstream.close(service, session);
        CUSTOMER.answer(hooks + "/out-of-session", CustomerServer.Answer.of(500, "text/plain", "down"));

        HttpResponse<String> answer = sms(alice, aliceProxy, "still there?", resourceSid("SM"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        CustomerServer.Request asked = CUSTOMER.to(hooks + "/out-of-session").get(0);
        assertThat(asked.param("sessionSid")).isEqualTo(session);
        assertThat(asked.param("sessionStatus")).isEqualTo("closed");
        assertThat(asked.param("sessionMode")).isEqualTo("message-only");
        assertThat(asked.param("inboundParticipantSid")).isEqualTo(aliceSid);
        assertThat(asked.param("outboundParticipantSid")).isEqualTo(bobSid);
        assertThat(interactions(service, session)).isEmpty();
        assertThat(CARRIER.to(bob)).isEmpty();
    }

    @Test
    void autoCreateJsonCreatesTheSessionThenTheContactIsRelayed() {
        String service = upstream.service(null, null, CUSTOMER.url(hooks + "/out-of-session"));
        String proxy = number(), partner = number(), partnerProxy = number();
        upstream.number(service, proxy);
        String customer = number();
        CUSTOMER.answer(hooks + "/out-of-session", CustomerServer.Answer.of(200, "application/json",
                "{\"uniqueName\":\"auto-" + service + "\",\"ttl\":3600,\"participantIdentifier\":\"" + partner
                        + "\",\"participantProxyIdentifier\":\"" + partnerProxy + "\"}"));
        String[] created = new String[1];
        List<CustomerServer.Request> creates = new java.util.concurrent.CopyOnWriteArrayList<>();
        CUSTOMER.sessionService = request -> {
            // Plays session-service: a Session with both participants inline, its events on Kafka, then 201.
            creates.add(request);
            created[0] = upstream.session(service, "voice-and-message");
            for (String participant : request.form().get("Participants")) {
                try {
                    JsonNode p = JSON.readTree(participant);
                    upstream.participant(service, created[0], p.get("Identifier").asText(),
                            p.get("ProxyIdentifier").asText());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return CustomerServer.Answer.of(201, "application/json", "{\"sid\":\"" + created[0] + "\"}");
        };

        assertThat(sms(customer, proxy, "I need a ride", resourceSid("SM")).statusCode()).isEqualTo(200);

        assertThat(creates).hasSize(1);
        CustomerServer.Request create = creates.get(0);
        assertThat(create.path()).isEqualTo("/v1/Services/" + service + "/Sessions");
        assertThat(create.headers().get(AccountHeader.NAME.toLowerCase())).isEqualTo(upstream.account);
        assertThat(create.param("UniqueName")).isEqualTo("auto-" + service);
        assertThat(create.param("Ttl")).isEqualTo("3600");
        assertThat(create.form().get("Participants")).hasSize(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> CARRIER.to(partner).size() == 1);
        assertThat(CARRIER.to(partner).get(0).form().get("From")).isEqualTo(partnerProxy);
        assertThat(CARRIER.to(partner).get(0).form().get("Body")).isEqualTo("I need a ride");
        assertThat(interactions(service, created[0])).hasSize(1);
    }

    @Test
    void withoutAnOutOfSessionUrlTheContactIsDroppedAndACallEndedPolitely() {
        String service = upstream.service(null, null, null);
        String proxy = number();
        upstream.number(service, proxy);
        String stranger = number();

        assertThat(sms(stranger, proxy, "anyone?", resourceSid("SM")).body())
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        assertThat(call(stranger, proxy, resourceSid("CA")).body()).contains("<Hangup/>");
        assertThat(CUSTOMER.requests).noneMatch(r -> r.path().startsWith(hooks));
    }
}
