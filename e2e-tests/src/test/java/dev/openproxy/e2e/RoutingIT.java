package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import com.twilio.rest.proxy.v1.service.Session;
import com.twilio.rest.proxy.v1.service.session.Interaction;
import com.twilio.rest.proxy.v1.service.session.Participant;
import com.twilio.rest.proxy.v1.service.session.participant.MessageInteraction;
import dev.openproxy.localstack.ProxyService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The carrier edge through the whole stack, with the built-in sandbox carrier (the shared stack sets no
 * PROXY_CARRIER_BASE_URL): a participant texts its proxy number, the partner gets it from its own proxy number, and
 * the Interaction is listed through the gateway with twilio-java (responses checked against the OpenAPI file).
 */
class RoutingIT extends E2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String newNumber() {
        return "+1415" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String url) throws Exception {
        return JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void anSmsToAProxyNumberReachesThePartnerAndIsAnInteraction() throws Exception {
        String service = Service.creator("routing-" + UUID.randomUUID()).create(twilio).getSid();
        PhoneNumber.creator(service).setPhoneNumber(newNumber()).create(twilio);
        PhoneNumber.creator(service).setPhoneNumber(newNumber()).create(twilio);
        Session session = Session.creator(service).setMode(Session.Mode.MESSAGE_ONLY).create(twilio);
        String alice = newNumber();
        String bob = newNumber();
        Participant aliceParticipant = Participant.creator(service, session.getSid(), alice).create(twilio);
        Participant bobParticipant = Participant.creator(service, session.getSid(), bob).create(twilio);

        String routing = stack().serviceUrl(ProxyService.ROUTING);
        HttpResponse<String> injected = post(routing + "/sandbox/inbound-sms", "From=" + enc(alice) + "&To="
                + enc(aliceParticipant.getProxyIdentifier()) + "&Body=" + enc("Hello Bob"));
        assertThat(injected.statusCode()).as(injected.body()).isEqualTo(200);
        assertThat(JSON.readTree(injected.body()).get("outcome").asText()).isEqualTo("forwarded");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode messages = get(routing + "/sandbox/messages?To=" + enc(bob)).get("messages");
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).get("from").asText()).isEqualTo(bobParticipant.getProxyIdentifier());
            assertThat(messages.get(0).get("body").asText()).isEqualTo("Hello Bob");
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Interaction> interactions = new java.util.ArrayList<>();
            Interaction.reader(service, session.getSid()).read(twilio).forEach(interactions::add);
            assertThat(interactions).hasSize(1);
            assertThat(interactions.get(0).getOutboundResourceSid()).startsWith("SM");
        });
        Interaction interaction = Interaction.reader(service, session.getSid()).read(twilio).iterator().next();
        assertThat(interaction.getType()).isEqualTo(Interaction.Type.MESSAGE);
        assertThat(JSON.readTree(interaction.getData()).get("body").asText()).isEqualTo("Hello Bob");
        assertThat(interaction.getInboundParticipantSid()).isEqualTo(aliceParticipant.getSid());
        assertThat(interaction.getOutboundParticipantSid()).isEqualTo(bobParticipant.getSid());
        assertThat(interaction.getInboundResourceStatus()).isEqualTo(Interaction.ResourceStatus.RECEIVED);

        Interaction fetched = Interaction.fetcher(service, session.getSid(), interaction.getSid()).fetch(twilio);
        assertThat(fetched.getSid()).isEqualTo(interaction.getSid());
        assertThat(Interaction.deleter(service, session.getSid(), interaction.getSid()).delete(twilio)).isTrue();
        assertThat(Interaction.reader(service, session.getSid()).read(twilio).iterator().hasNext()).isFalse();

        // A MessageInteraction: sent to alice from her own proxy number.
        MessageInteraction sent = MessageInteraction.creator(service, session.getSid(), aliceParticipant.getSid(),
                "Your ride is here").create(twilio);
        assertThat(sent.getParticipantSid()).isEqualTo(aliceParticipant.getSid());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode messages = get(routing + "/sandbox/messages?To=" + enc(alice)).get("messages");
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).get("from").asText()).isEqualTo(aliceParticipant.getProxyIdentifier());
            assertThat(messages.get(0).get("body").asText()).isEqualTo("Your ride is here");
        });
        assertThat(MessageInteraction.fetcher(service, session.getSid(), aliceParticipant.getSid(), sent.getSid())
                .fetch(twilio).getSid()).isEqualTo(sent.getSid());
        assertThat(MessageInteraction.reader(service, session.getSid(), aliceParticipant.getSid()).read(twilio)
                .iterator().next().getSid()).isEqualTo(sent.getSid());
        assertThat(Interaction.reader(service, session.getSid()).read(twilio).iterator().next().getSid())
                .isEqualTo(sent.getSid());

        // A call to this message-only session is ended politely (80911).
        HttpResponse<String> call = post(routing + "/sandbox/inbound-call", "From=" + enc(bob) + "&To="
                + enc(bobParticipant.getProxyIdentifier()));
        assertThat(call.body()).contains("<Hangup/>").doesNotContain("<Dial");

        // Through the gateway, a webhook must be signed with the carrier's token; the sandbox stack has none.
        HttpResponse<String> unsigned = post(ProxyStack.gatewayUrl() + "/carrier/twilio/messages",
                "From=" + enc(alice) + "&To=" + enc(aliceParticipant.getProxyIdentifier()) + "&Body=x&MessageSid=SM"
                        + "0".repeat(32));
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }
}
