package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import com.twilio.rest.proxy.v1.service.Session;
import com.twilio.rest.proxy.v1.service.session.Interaction;
import com.twilio.rest.proxy.v1.service.session.Participant;
import com.twilio.rest.proxy.v1.service.session.participant.MessageInteraction;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.localstack.ProxyService;
import dev.openproxy.testsupport.carrier.CarrierWebhooks;
import dev.openproxy.testsupport.carrier.FakeTwilioCarrier;
import dev.openproxy.testsupport.carrier.TwilioWebhookSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The carrier edge through the whole stack, as a Twilio-compatible carrier drives it: signed webhooks to the gateway
 * ({@link CarrierWebhooks}), relayed SMS checked at the {@link FakeTwilioCarrier} as it received them, the TwiML of
 * calls, the Interactions through twilio-java (responses checked against Twilio's OpenAPI file by {@link E2eTest}) and
 * the events on {@code openproxy.interactions.v1}. The stack is shared: each test has its own Service and random
 * numbers, and looks only at the carrier requests to its own numbers.
 */
class RoutingIT extends E2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_TWIML = "<Response/>";
    /** Long enough for the outbox (polling every 100 ms) to have sent a second leg, were there one to send. */
    private static final Duration SETTLE = Duration.ofMillis(1500);

    private CarrierWebhooks carrierWebhooks;
    private FakeTwilioCarrier carrier;

    /** A Service with two proxy numbers and a Session pairing alice and bob, each on their own proxy number. */
    private record Pair(String service, String session, String alice, Participant aliceParticipant, String bob,
                        Participant bobParticipant) {

        String aliceProxy() {
            return aliceParticipant.getProxyIdentifier();
        }

        String bobProxy() {
            return bobParticipant.getProxyIdentifier();
        }
    }

    @BeforeEach
    void carrier() {
        carrierWebhooks = ProxyStack.carrierWebhooks();
        carrier = ProxyStack.carrier();
    }

    private static String newNumber() {
        return "+1415" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    private Pair pair(Session.Mode mode) {
        String service = Service.creator("routing-" + UUID.randomUUID()).create(twilio).getSid();
        PhoneNumber.creator(service).setPhoneNumber(newNumber()).create(twilio);
        PhoneNumber.creator(service).setPhoneNumber(newNumber()).create(twilio);
        String session = Session.creator(service).setMode(mode).create(twilio).getSid();
        String alice = newNumber();
        String bob = newNumber();
        Participant aliceParticipant = Participant.creator(service, session, alice).create(twilio);
        Participant bobParticipant = Participant.creator(service, session, bob).create(twilio);
        return new Pair(service, session, alice, aliceParticipant, bob, bobParticipant);
    }

    private List<Interaction> interactions(Pair pair) {
        List<Interaction> interactions = new ArrayList<>();
        Interaction.reader(pair.service(), pair.session()).read(twilio).forEach(interactions::add);
        return interactions;
    }

    /** Waits until the Session holds exactly one Interaction and it satisfies {@code condition}. */
    private Interaction awaitTheInteraction(Pair pair, Predicate<Interaction> condition) {
        Interaction[] found = new Interaction[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Interaction> interactions = interactions(pair);
            assertThat(interactions).hasSize(1);
            assertThat(interactions.get(0)).matches(condition);
            found[0] = interactions.get(0);
        });
        return found[0];
    }

    private List<FakeTwilioCarrier.Request> awaitCarrierRequests(String recipient, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> carrier.requestsTo(recipient).size() >= count);
        return carrier.requestsTo(recipient);
    }

    private static Document twiml(String body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("Response");
        return document;
    }

    private static void assertEmptyTwiml(java.net.http.HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(twiml(answer.body()).getDocumentElement().getChildNodes().getLength()).isZero();
    }

    /** What a downstream consumer does with an encrypted field: fetch the producer's key, then AES-GCM (ADR 0012). */
    private String decrypted(String scope, String value) throws Exception {
        java.net.http.HttpResponse<String> answer = keyAnswer(scope);
        assertThat(answer.statusCode()).isEqualTo(200);
        byte[] key = Base64.getDecoder().decode(JSON.readTree(answer.body()).get("key").asText());
        byte[] sealed = Base64.getDecoder().decode(value.substring(("enc:v1:" + scope + ":").length()));
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD(scope.getBytes(StandardCharsets.US_ASCII));
        return new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
    }

    private java.net.http.HttpResponse<String> keyAnswer(String scope) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack().serviceUrl(ProxyService.ROUTING)
                        + "/internal/personal-data-keys/" + scope)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode data(JsonNode event) {
        return event.get("data");
    }

    @Test
    void anSmsIsRelayedToThePartnerFromItsProxyNumberAndIsAnInteraction() throws Exception {
        Pair pair = pair(Session.Mode.MESSAGE_ONLY);
        String inbound = CarrierWebhooks.newMessageSid();
        String body = "Hello Bob, it's \"Alice\" & co. ✓";

        assertEmptyTwiml(carrierWebhooks.post(CarrierWebhooks.MESSAGES,
                carrierWebhooks.sms(pair.alice(), pair.aliceProxy(), body, inbound)));

        // The exact request the carrier got.
        FakeTwilioCarrier.Request sent = awaitCarrierRequests(pair.bob(), 1).get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/2010-04-01/Accounts/" + ProxyStack.CARRIER_ACCOUNT_SID + "/Messages.json");
        assertThat(sent.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (ProxyStack.CARRIER_ACCOUNT_SID + ":" + ProxyStack.carrierAuthToken()).getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(sent.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "From", pair.bobProxy(),
                "To", pair.bob(),
                "Body", body,
                "StatusCallback", ProxyStack.gatewayUrl() + CarrierWebhooks.MESSAGE_STATUS));
        assertThat(sent.answeredStatus()).isEqualTo(201);

        // The Interaction, through twilio-java.
        Interaction interaction = awaitTheInteraction(pair, i -> sent.messageSid().equals(i.getOutboundResourceSid()));
        assertThat(interaction.getSid()).matches("KI[0-9a-f]{32}");
        assertThat(interaction.getType()).isEqualTo(Interaction.Type.MESSAGE);
        assertThat(JSON.readTree(interaction.getData()).get("body").asText()).isEqualTo(body);
        assertThat(interaction.getInboundParticipantSid()).isEqualTo(pair.aliceParticipant().getSid());
        assertThat(interaction.getInboundResourceSid()).isEqualTo(inbound);
        assertThat(interaction.getInboundResourceType()).isEqualTo("message");
        assertThat(interaction.getInboundResourceStatus()).isEqualTo(Interaction.ResourceStatus.RECEIVED);
        assertThat(interaction.getOutboundParticipantSid()).isEqualTo(pair.bobParticipant().getSid());
        assertThat(interaction.getOutboundResourceType()).isEqualTo("message");
        assertThat(interaction.getOutboundResourceStatus()).isEqualTo(Interaction.ResourceStatus.QUEUED);
        assertThat(sent.header("I-Twilio-Idempotency-Token")).isEqualTo(interaction.getSid());

        // The carrier's delivery report, signed, to the StatusCallback it was given.
        assertEmptyTwiml(carrierWebhooks.post(CarrierWebhooks.MESSAGE_STATUS,
                carrierWebhooks.messageStatus(sent.messageSid(), "delivered", pair.bobProxy(), pair.bob())));
        awaitTheInteraction(pair, i -> i.getOutboundResourceStatus() == Interaction.ResourceStatus.DELIVERED);

        // The events: created, the carrier's acceptance, the delivery report.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(InteractionEvents.of(interaction.getSid())).hasSize(3));
        List<JsonNode> events = InteractionEvents.of(interaction.getSid());
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(EventTypes.INTERACTION_CREATED,
                EventTypes.INTERACTION_LEG_STATUS_CHANGED, EventTypes.INTERACTION_LEG_STATUS_CHANGED);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("specversion").asText()).isEqualTo("1.0");
            assertThat(e.get("source").asText()).isEqualTo("/openproxy/routing-service");
            assertThat(e.get("accountsid").asText()).isEqualTo(ProxyStack.ACCOUNT_SID);
            assertThat(data(e).get("session_sid").asText()).isEqualTo(pair.session());
        });
        JsonNode created = data(events.get(0));
        assertThat(created.get("interaction_sid").asText()).isEqualTo(interaction.getSid());
        assertThat(created.get("type").asText()).isEqualTo("message");
        // Personal fields are encrypted on Kafka with the Interaction's own key (ADR 0012); the key endpoint decrypts them.
        assertThat(created.get("data").asText()).startsWith("enc:v1:" + interaction.getSid() + ":").doesNotContain(body);
        assertThat(JSON.readTree(decrypted(interaction.getSid(), created.get("data").asText())).get("body").asText())
                .isEqualTo(body);
        assertThat(created.get("inbound_participant_sid").asText()).isEqualTo(pair.aliceParticipant().getSid());
        assertThat(created.get("inbound_resource_sid").asText()).isEqualTo(inbound);
        assertThat(created.get("outbound_participant_sid").asText()).isEqualTo(pair.bobParticipant().getSid());
        assertThat(created.get("outbound_proxy_identifier").asText()).isEqualTo(pair.bobProxy());
        JsonNode accepted = data(events.get(1));
        assertThat(accepted.get("leg").asText()).isEqualTo("outbound");
        assertThat(accepted.get("resource_sid").asText()).isEqualTo(sent.messageSid());
        assertThat(accepted.get("status").asText()).isEqualTo("queued");
        assertThat(accepted.get("attempts").asInt()).isEqualTo(1);
        JsonNode delivered = data(events.get(2));
        assertThat(delivered.get("resource_sid").asText()).isEqualTo(sent.messageSid());
        assertThat(delivered.get("status").asText()).isEqualTo("delivered");
        assertThat(delivered.get("attempts").asInt()).isZero();

        // Fetch and delete, through twilio-java.
        Interaction fetched = Interaction.fetcher(pair.service(), pair.session(), interaction.getSid()).fetch(twilio);
        assertThat(fetched.getSid()).isEqualTo(interaction.getSid());
        assertThat(fetched.getOutboundResourceSid()).isEqualTo(sent.messageSid());
        assertThat(Interaction.deleter(pair.service(), pair.session(), interaction.getSid()).delete(twilio)).isTrue();
        assertThat(interactions(pair)).isEmpty();
        assertThat(carrier.requestsTo(pair.bob())).hasSize(1);
        // The DELETE erased it: consumers can no longer get the key of its body (docs/events.md, erasure notices).
        assertThat(keyAnswer(interaction.getSid()).statusCode()).isEqualTo(404);

        // Personal data stays out of routing-service's log.
        assertThat(Files.readString(stack().logFile(ProxyService.ROUTING))).doesNotContain(pair.alice())
                .doesNotContain(pair.bob()).doesNotContain(body);
    }

    @Test
    void aMessageInteractionIsSentToTheParticipantFromItsOwnProxyNumber() {
        Pair pair = pair(Session.Mode.MESSAGE_ONLY);

        MessageInteraction created = MessageInteraction.creator(pair.service(), pair.session(),
                pair.aliceParticipant().getSid(), "Your ride is here").create(twilio);

        assertThat(created.getParticipantSid()).isEqualTo(pair.aliceParticipant().getSid());
        FakeTwilioCarrier.Request sent = awaitCarrierRequests(pair.alice(), 1).get(0);
        assertThat(sent.path()).isEqualTo(carrier.messagesPath());
        assertThat(sent.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "From", pair.aliceProxy(),
                "To", pair.alice(),
                "Body", "Your ride is here",
                "StatusCallback", ProxyStack.gatewayUrl() + CarrierWebhooks.MESSAGE_STATUS));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MessageInteraction.fetcher(pair.service(),
                pair.session(), pair.aliceParticipant().getSid(), created.getSid()).fetch(twilio).getOutboundResourceSid())
                .isEqualTo(sent.messageSid()));
        assertThat(MessageInteraction.reader(pair.service(), pair.session(), pair.aliceParticipant().getSid()).read(twilio)
                .iterator().next().getSid()).isEqualTo(created.getSid());
        assertThat(interactions(pair)).extracting(Interaction::getSid).containsExactly(created.getSid());
        assertThat(carrier.requestsTo(pair.bob())).isEmpty();
    }

    @Test
    void aCallIsDialledToThePartnerFromItsProxyNumberAndGetsItsDuration() throws Exception {
        Pair pair = pair(Session.Mode.VOICE_AND_MESSAGE);
        String callSid = CarrierWebhooks.newCallSid();
        Map<String, String> call = carrierWebhooks.call(pair.alice(), pair.aliceProxy(), callSid);

        java.net.http.HttpResponse<String> answer = carrierWebhooks.post(CarrierWebhooks.VOICE, call);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        Element response = twiml(answer.body()).getDocumentElement();
        assertThat(response.getChildNodes().getLength()).isEqualTo(1);
        Element dial = (Element) response.getFirstChild();
        assertThat(dial.getTagName()).isEqualTo("Dial");
        assertThat(dial.getAttribute("callerId")).isEqualTo(pair.bobProxy());
        assertThat(dial.getChildNodes().getLength()).isEqualTo(1);
        Element number = (Element) dial.getFirstChild();
        assertThat(number.getTagName()).isEqualTo("Number");
        assertThat(number.getTextContent()).isEqualTo(pair.bob());
        assertThat(number.getAttribute("statusCallback")).isEqualTo(ProxyStack.gatewayUrl() + CarrierWebhooks.CALL_STATUS);
        // The carrier retries a webhook it got no answer to: the same TwiML again, still one Interaction.
        assertThat(carrierWebhooks.post(CarrierWebhooks.VOICE, call).body()).isEqualTo(answer.body());

        Interaction interaction = awaitTheInteraction(pair, i -> true);
        assertThat(interaction.getType()).isEqualTo(Interaction.Type.VOICE);
        assertThat(interaction.getData()).isNull();
        assertThat(interaction.getInboundParticipantSid()).isEqualTo(pair.aliceParticipant().getSid());
        assertThat(interaction.getInboundResourceSid()).isEqualTo(callSid);
        assertThat(interaction.getInboundResourceType()).isEqualTo("call");
        assertThat(interaction.getInboundResourceStatus()).isEqualTo(Interaction.ResourceStatus.RINGING);
        assertThat(interaction.getOutboundParticipantSid()).isEqualTo(pair.bobParticipant().getSid());
        assertThat(interaction.getOutboundResourceType()).isEqualTo("call");

        // The dialled leg ends after 42 s of conversation, then the inbound call.
        String dialled = CarrierWebhooks.newCallSid();
        assertEmptyTwiml(carrierWebhooks.post(CarrierWebhooks.CALL_STATUS,
                carrierWebhooks.callStatus(dialled, callSid, "in-progress", null)));
        assertEmptyTwiml(carrierWebhooks.post(CarrierWebhooks.CALL_STATUS,
                carrierWebhooks.callStatus(dialled, callSid, "completed", 42)));
        assertEmptyTwiml(carrierWebhooks.post(CarrierWebhooks.CALL_STATUS,
                carrierWebhooks.callStatus(callSid, null, "completed", 47)));

        Interaction ended = awaitTheInteraction(pair,
                i -> i.getInboundResourceStatus() == Interaction.ResourceStatus.COMPLETED);
        assertThat(JSON.readTree(ended.getData())).isEqualTo(JSON.readTree("{\"duration\": 42}"));
        assertThat(ended.getOutboundResourceSid()).isEqualTo(dialled);
        assertThat(ended.getOutboundResourceStatus()).isEqualTo(Interaction.ResourceStatus.COMPLETED);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                InteractionEvents.of(interaction.getSid(), EventTypes.INTERACTION_LEG_STATUS_CHANGED)).hasSize(3));
        List<JsonNode> legs = InteractionEvents.of(interaction.getSid(), EventTypes.INTERACTION_LEG_STATUS_CHANGED);
        assertThat(legs).extracting(e -> data(e).get("leg").asText() + " " + data(e).get("resource_sid").asText() + " "
                + data(e).get("status").asText() + " " + data(e).get("duration").asText())
                .containsExactly("outbound " + dialled + " in-progress null", "outbound " + dialled + " completed 42",
                        "inbound " + callSid + " completed 47");
        assertThat(InteractionEvents.of(interaction.getSid(), EventTypes.INTERACTION_CREATED)).hasSize(1);
        assertThat(carrier.requestsTo(pair.bob())).as("a call sends no SMS").isEmpty();
    }

    @Test
    void aCallToAMessageOnlySessionIsEndedPolitely() throws Exception {
        Pair pair = pair(Session.Mode.MESSAGE_ONLY);

        java.net.http.HttpResponse<String> answer = carrierWebhooks.post(CarrierWebhooks.VOICE,
                carrierWebhooks.call(pair.bob(), pair.bobProxy(), CarrierWebhooks.newCallSid()));

        assertThat(answer.statusCode()).isEqualTo(200);
        Document twiml = twiml(answer.body());
        assertThat(twiml.getElementsByTagName("Hangup").getLength()).isEqualTo(1);
        assertThat(twiml.getElementsByTagName("Dial").getLength()).isZero();
        assertThat(interactions(pair)).isEmpty();
    }

    @Test
    void aWebhookDeliveredSeveralTimesIsRelayedOnce() throws Exception {
        Pair pair = pair(Session.Mode.MESSAGE_ONLY);
        String retried = CarrierWebhooks.newMessageSid();
        Map<String, String> sms = carrierWebhooks.sms(pair.alice(), pair.aliceProxy(), "only once", retried);

        for (int i = 0; i < 3; i++) {
            assertEmptyTwiml(carrierWebhooks.post(CarrierWebhooks.MESSAGES, sms));
        }
        String sid = awaitTheInteraction(pair, i -> i.getOutboundResourceSid() != null).getSid();

        // And three copies at the same moment.
        String concurrent = CarrierWebhooks.newMessageSid();
        Map<String, String> racing = carrierWebhooks.sms(pair.alice(), pair.aliceProxy(), "only once too", concurrent);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<java.net.http.HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return carrierWebhooks.post(CarrierWebhooks.MESSAGES, racing);
                }, threads));
            }
            start.countDown();
            for (CompletableFuture<java.net.http.HttpResponse<String>> each : answers) {
                assertEmptyTwiml(each.get());
            }
        } finally {
            threads.shutdownNow();
        }

        awaitCarrierRequests(pair.bob(), 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(interactions(pair))
                .hasSize(2).allMatch(i -> i.getOutboundResourceSid() != null));
        Thread.sleep(SETTLE.toMillis());
        assertThat(carrier.requestsTo(pair.bob())).extracting(r -> r.form().get("Body"))
                .containsExactlyInAnyOrder("only once", "only once too");
        assertThat(interactions(pair)).extracting(Interaction::getInboundResourceSid)
                .containsExactlyInAnyOrder(retried, concurrent);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(InteractionEvents.of(sid, EventTypes.INTERACTION_LEG_STATUS_CHANGED)).hasSize(1));
        assertThat(InteractionEvents.of(sid, EventTypes.INTERACTION_CREATED)).hasSize(1);
    }

    @Test
    void aCarrierFailureIsRetriedUntilTheCarrierTakesTheSms() {
        Pair pair = pair(Session.Mode.MESSAGE_ONLY);
        carrier.script(pair.bob(), 500, 201);

        carrierWebhooks.post(CarrierWebhooks.MESSAGES, carrierWebhooks.sms(pair.alice(), pair.aliceProxy(), "retry me",
                CarrierWebhooks.newMessageSid()));

        List<FakeTwilioCarrier.Request> requests = awaitCarrierRequests(pair.bob(), 2);
        assertThat(requests).extracting(FakeTwilioCarrier.Request::answeredStatus).containsExactly(500, 201);
        assertThat(requests).allSatisfy(r -> assertThat(r.form()).containsEntry("Body", "retry me")
                .containsEntry("From", pair.bobProxy()));
        String accepted = requests.get(1).messageSid();
        Interaction interaction = awaitTheInteraction(pair, i -> accepted.equals(i.getOutboundResourceSid()));
        assertThat(interaction.getOutboundResourceStatus()).isEqualTo(Interaction.ResourceStatus.QUEUED);
        // Both attempts name the same leg, for carriers that de-duplicate on it.
        assertThat(requests).extracting(r -> r.header("I-Twilio-Idempotency-Token")).containsOnly(interaction.getSid());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                InteractionEvents.of(interaction.getSid(), EventTypes.INTERACTION_LEG_STATUS_CHANGED)).hasSize(1));
        JsonNode leg = data(InteractionEvents.of(interaction.getSid(), EventTypes.INTERACTION_LEG_STATUS_CHANGED).get(0));
        assertThat(leg.get("resource_sid").asText()).isEqualTo(accepted);
        assertThat(leg.get("status").asText()).isEqualTo("queued");
        assertThat(leg.get("attempts").asInt()).isEqualTo(2);
        assertThat(carrier.requestsTo(pair.bob())).hasSize(2);
    }

    @Test
    void aWebhookWithoutAValidSignatureIsRefusedAndChangesNothing() throws Exception {
        Pair pair = pair(Session.Mode.VOICE_AND_MESSAGE);
        Map<String, String> sms = carrierWebhooks.sms(pair.alice(), pair.aliceProxy(), "forged",
                CarrierWebhooks.newMessageSid());
        String genuine = carrierWebhooks.signature(CarrierWebhooks.MESSAGES, sms);
        Map<String, String> tampered = new java.util.LinkedHashMap<>(sms);
        tampered.put("Body", "forged!");
        String forRoutingDirectly = TwilioWebhookSignature.of(ProxyStack.carrierAuthToken(),
                stack().serviceUrl(ProxyService.ROUTING) + CarrierWebhooks.MESSAGES, sms);
        String otherToken = TwilioWebhookSignature.of("not-the-carrier-token", carrierWebhooks.url(CarrierWebhooks.MESSAGES), sms);

        assertThat(carrierWebhooks.post(CarrierWebhooks.MESSAGES, sms, null).statusCode()).isEqualTo(403);
        assertThat(carrierWebhooks.post(CarrierWebhooks.MESSAGES, sms, "").statusCode()).isEqualTo(403);
        assertThat(carrierWebhooks.post(CarrierWebhooks.MESSAGES, sms, otherToken).statusCode()).isEqualTo(403);
        assertThat(carrierWebhooks.post(CarrierWebhooks.MESSAGES, sms, forRoutingDirectly).statusCode()).isEqualTo(403);
        assertThat(carrierWebhooks.post(CarrierWebhooks.MESSAGES, tampered, genuine).statusCode()).isEqualTo(403);
        Map<String, String> call = carrierWebhooks.call(pair.alice(), pair.aliceProxy(), CarrierWebhooks.newCallSid());
        java.net.http.HttpResponse<String> forgedCall = carrierWebhooks.post(CarrierWebhooks.VOICE, call, genuine);
        assertThat(forgedCall.statusCode()).isEqualTo(403);
        assertThat(forgedCall.body()).doesNotContain("<Dial");

        Thread.sleep(SETTLE.toMillis());
        assertThat(carrier.requestsTo(pair.bob())).isEmpty();
        assertThat(interactions(pair)).isEmpty();

        // The same SMS, signed, goes through: the ones above were refused for their signatures alone.
        Map<String, String> signed = carrierWebhooks.sms(pair.alice(), pair.aliceProxy(), "genuine",
                CarrierWebhooks.newMessageSid());
        assertEmptyTwiml(carrierWebhooks.post(CarrierWebhooks.MESSAGES, signed));
        awaitCarrierRequests(pair.bob(), 1);
        awaitTheInteraction(pair, i -> i.getOutboundResourceSid() != null);
        assertThat(carrier.requestsTo(pair.bob())).extracting(r -> r.form().get("Body")).containsExactly("genuine");
    }
}
