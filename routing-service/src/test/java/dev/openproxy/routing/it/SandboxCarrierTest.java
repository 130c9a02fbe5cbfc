package dev.openproxy.routing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.account.AccountHeader;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.testsupport.ClearTextScan;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No carrier configured: the built-in sandbox carrier takes outbound SMS, and a person can text as a participant. Its
 * log of the SMS it took is erased with their Interaction, Session or Service, and by retention (period in seconds).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "openproxy.carrier.base-url=",
                "openproxy.carrier.auth-token=", "openproxy.carrier.poll-interval=PT0.05S",
                "openproxy.retention.interaction-content=PT1S", "openproxy.retention.check-interval=PT0.2S"})
@EmbeddedKafka(kraft = true, partitions = 1)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SandboxCarrierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "routing_sandbox");
    }

    @LocalServerPort
    int port;
    @Autowired
    IntegrationEventPublisher publisher;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aPersonTextsAsAParticipantAndThePartnersMessageIsRecorded() throws Exception {
        Upstream upstream = new Upstream(publisher, SidPrefix.ACCOUNT.newSid());
        String service = upstream.service();
        String session = upstream.session(service, "message-only");
        upstream.participant(service, session, "+14155550101", "+14155559901");
        upstream.participant(service, session, "+14155550102", "+14155559902");

        HttpResponse<String> injected = post("/sandbox/inbound-sms",
                "From=" + enc("+14155550101") + "&To=" + enc("+14155559901") + "&Body=" + enc("hello from the sandbox"));
        assertThat(injected.statusCode()).as(injected.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(injected.body());
        assertThat(answer.get("outcome").asText()).isEqualTo("forwarded");
        assertThat(answer.get("interaction_sid").asText()).startsWith("KI");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(get("/sandbox/messages").get("messages")).as("all of them, unfiltered").isNotEmpty();
            JsonNode messages = get("/sandbox/messages?To=" + enc("+14155550102")).get("messages");
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).get("from").asText()).isEqualTo("+14155559902");
            assertThat(messages.get(0).get("body").asText()).isEqualTo("hello from the sandbox");
            assertThat(messages.get(0).get("sid").asText()).startsWith("SM");
        });

        // A call through the sandbox: message-only, so it is ended politely (80911).
        HttpResponse<String> call = post("/sandbox/inbound-call", "From=" + enc("+14155550101") + "&To=" + enc("+14155559901"));
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.body()).contains("<Hangup/>");

        // Without a carrier auth token no webhook can be validated: all are refused.
        assertThat(post("/carrier/twilio/messages", "From=x&To=y&Body=z&MessageSid=SM1").statusCode()).isEqualTo(403);
    }

    /** A session of two participants in the sandbox, with fresh numbers. */
    private record Chat(Upstream upstream, String service, String session, String alice, String aliceProxy, String bob) {

        static Chat in(Upstream upstream, String service) {
            String session = upstream.session(service, "message-only");
            Chat chat = new Chat(upstream, service, session, number(), number(), number());
            upstream.participant(service, session, chat.alice(), chat.aliceProxy());
            upstream.participant(service, session, chat.bob(), number());
            return chat;
        }
    }

    private static String number() {
        return "+1415" + (1_000_000 + RANDOM.nextInt(8_999_999));
    }

    /** alice texts bob; the sandbox records the relayed SMS. Returns the body. */
    private String text(Chat chat) throws Exception {
        String body = "sandboxed secret " + UUID.randomUUID();
        HttpResponse<String> injected = post("/sandbox/inbound-sms",
                "From=" + enc(chat.alice()) + "&To=" + enc(chat.aliceProxy()) + "&Body=" + enc(body));
        assertThat(injected.statusCode()).as(injected.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxBodiesTo(chat.bob()).contains(body));
        return body;
    }

    private String sandboxBodiesTo(String to) throws Exception {
        return get("/sandbox/messages?To=" + enc(to)).get("messages").findValuesAsText("body").toString();
    }

    private String interactionSidOf(Chat chat, String body) throws Exception {
        JsonNode list = getAs(chat, "/v1/Services/" + chat.service() + "/Sessions/" + chat.session() + "/Interactions")
                .get("interactions");
        for (JsonNode interaction : list) {
            if (interaction.path("data").asText().contains(body)) {
                return interaction.get("sid").asText();
            }
        }
        throw new AssertionError("no interaction with that body");
    }

    private JsonNode getAs(Chat chat, String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(AccountHeader.NAME, chat.upstream().account).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private void assertErased(Chat chat, String body) throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxBodiesTo(chat.bob())).doesNotContain(body));
        assertThat(ClearTextScan.tablesContaining(jdbc, body)).as("no table holds the body").isEmpty();
    }

    @Test
    void theSandboxLogIsErasedWithItsInteractionSessionServiceAndByRetention() throws Exception {
        Upstream upstream = new Upstream(publisher, SidPrefix.ACCOUNT.newSid());
        String service = upstream.service();
        Chat chat = Chat.in(upstream, service);
        String deleted = text(chat);
        String kept = text(chat);

        // One Interaction's DELETE takes its SMS from the sandbox's log, and only its.
        String interaction = interactionSidOf(chat, deleted);
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/Services/" + service + "/Sessions/" + chat.session() + "/Interactions/" + interaction))
                .header(AccountHeader.NAME, upstream.account).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(204);
        assertErased(chat, deleted);
        assertThat(sandboxBodiesTo(chat.bob())).contains(kept);

        // The Session's DELETE takes the rest.
        upstream.delete(service, chat.session());
        assertErased(chat, kept);

        // Retention: a closed session's log goes once the period (1 s here) has passed.
        Chat closed = Chat.in(upstream, service);
        String old = text(closed);
        upstream.close(service, closed.session());
        assertErased(closed, old);

        // The Service's DELETE takes the log of its sessions.
        Chat ofService = Chat.in(upstream, service);
        String last = text(ofService);
        upstream.deleteService(service);
        assertErased(ofService, last);
    }
}
