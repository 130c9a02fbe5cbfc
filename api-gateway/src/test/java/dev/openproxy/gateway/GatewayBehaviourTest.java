package dev.openproxy.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.openproxy.gateway.auth.AccountStore;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against a real PostgreSQL and four real upstream HTTP servers, driven over real HTTP
 * (Tomcat included, since form-body handling is the container's business).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // Boot's tests switch metrics export off unless asked
class GatewayBehaviourTest {

    static final String BOOTSTRAP_SID = "AC" + "0123456789abcdef0123456789abcdef";
    static final String BOOTSTRAP_TOKEN = "bootstrap-token-0123456789abcdef";
    static final String SECOND_SID = "AC" + "fedcba9876543210fedcba9876543210";
    static final String SECOND_TOKEN = "second-token-fedcba9876543210";
    static final String FORGED_SID = "AC" + "ffffffffffffffffffffffffffffffff";

    static final EchoUpstream SESSION = EchoUpstream.start("session");
    static final EchoUpstream PARTICIPANT = EchoUpstream.start("participant");
    static final EchoUpstream NUMBER_POOL = EchoUpstream.start("number-pool");
    static final EchoUpstream ROUTING = EchoUpstream.start("routing");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "gateway");
        registry.add("openproxy.gateway.bootstrap-account.sid", () -> BOOTSTRAP_SID);
        registry.add("openproxy.gateway.bootstrap-account.auth-token", () -> BOOTSTRAP_TOKEN);
        registry.add("openproxy.gateway.services.session", SESSION::uri);
        registry.add("openproxy.gateway.services.participant", PARTICIPANT::uri);
        registry.add("openproxy.gateway.services.number-pool", NUMBER_POOL::uri);
        registry.add("openproxy.gateway.services.routing", ROUTING::uri);
    }

    @AfterAll
    static void stopUpstreams() {
        List.of(SESSION, PARTICIPANT, NUMBER_POOL, ROUTING).forEach(EchoUpstream::close);
    }

    @LocalServerPort
    int port;

    @Autowired
    AccountStore accounts;

    GatewayClient client;

    @BeforeEach
    void setUp() {
        client = new GatewayClient(port);
        accounts.upsert(SECOND_SID, SECOND_TOKEN, "Second account");
    }

    private GatewayClient.Response asBootstrap(HttpRequest.Builder request) {
        return client.send(request.header("Authorization", GatewayClient.basic(BOOTSTRAP_SID, BOOTSTRAP_TOKEN)));
    }

    @Test
    void formPostArrivesWithAccountHeaderAndByteForByteBodyAndQuery() {
        String body = "FriendlyName=Caf%C3%A9+Z%C3%BCrich&Identifier=%2B15551234567&Identifier=%2B15557654321"
                + "&Empty=&Note=a%26b%3Dc+d";
        GatewayClient.Response response = asBootstrap(client.request("/v1/Services/KS1/Sessions/KC1/Participants?Ttl=60&Tag=%2B1%20x&B=1&A=2&B=3")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(GatewayClient.form(body)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode seen = response.json();
        assertThat(seen.get("upstream").asText()).isEqualTo("participant");
        assertThat(seen.get("method").asText()).isEqualTo("POST");
        assertThat(seen.get("path").asText()).isEqualTo("/v1/Services/KS1/Sessions/KC1/Participants");
        // Names keep the client's order; a repeated name's values stay in order, grouped at its first place.
        assertThat(seen.get("query").asText()).isEqualTo("Ttl=60&Tag=%2B1%20x&B=1&B=3&A=2");
        assertThat(seen.get("body").asText()).isEqualTo(body);
        assertThat(seen.get("contentType").asText()).startsWith("application/x-www-form-urlencoded");
        assertThat(seen.get("accountSids")).containsExactly(text(BOOTSTRAP_SID));
    }

    @Test
    void formPostWithCharsetAndNoQueryStillArrivesIntact() {
        String body = "UniqueName=order-42&Ttl=3600";
        GatewayClient.Response response = asBootstrap(client.request("/v1/Services/KS1/Sessions")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(GatewayClient.form(body)));

        JsonNode seen = response.json();
        assertThat(seen.get("upstream").asText()).isEqualTo("session");
        assertThat(seen.get("query").isNull()).isTrue();
        assertThat(seen.get("body").asText()).isEqualTo(body);
    }

    @Test
    void getWithQueryStringIsForwardedWithoutBody() {
        GatewayClient.Response response = asBootstrap(client.request("/v1/Services?PageSize=5&Page=1").GET());

        JsonNode seen = response.json();
        assertThat(seen.get("method").asText()).isEqualTo("GET");
        assertThat(seen.get("query").asText()).isEqualTo("PageSize=5&Page=1");
        assertThat(seen.get("body").asText()).isEmpty();
    }

    @Test
    void clientSuppliedAccountHeaderIsReplacedByTheAuthenticatedAccount() {
        GatewayClient.Response response = asBootstrap(client.request("/v1/Services/KS1")
                .header("X-OpenProxy-Account-Sid", FORGED_SID)
                .header("x-openproxy-account-sid", FORGED_SID)
                .GET());

        assertThat(response.json().get("accountSids")).containsExactly(text(BOOTSTRAP_SID));
    }

    @Test
    void carrierWebhooksReachRoutingServiceWithoutCredentialsAndWithoutAnAccount() {
        String body = "From=%2B15551234567&To=%2B15557654321&Body=hi&MessageSid=SM1";
        GatewayClient.Response response = client.send(client.request("/carrier/twilio/messages")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", "c2lnbmF0dXJl")
                .header("X-OpenProxy-Account-Sid", FORGED_SID)
                .POST(GatewayClient.form(body)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode seen = response.json();
        assertThat(seen.get("upstream").asText()).isEqualTo("routing");
        assertThat(seen.get("path").asText()).isEqualTo("/carrier/twilio/messages");
        assertThat(seen.get("body").asText()).as("byte for byte: the signature covers it").isEqualTo(body);
        assertThat(seen.get("accountSids")).as("no account on a carrier webhook").isEmpty();
    }

    @Test
    void credentialsAreNotForwardedToServices() {
        GatewayClient.Response response = asBootstrap(client.request("/v1/Services").GET());

        assertThat(response.json().get("authorization").asBoolean()).isFalse();
    }

    @Test
    void twoAccountsBothWorkAndEachIsForwardedAsItself() {
        GatewayClient.Response first = asBootstrap(client.request("/v1/Services").GET());
        GatewayClient.Response second = client.send(client.authorized("/v1/Services", SECOND_SID, SECOND_TOKEN).GET());

        assertThat(first.json().get("accountSids")).containsExactly(text(BOOTSTRAP_SID));
        assertThat(second.json().get("accountSids")).containsExactly(text(SECOND_SID));
    }

    @Test
    void oneAccountsTokenDoesNotOpenAnotherAccount() {
        assertUnauthorized(client.send(client.authorized("/v1/Services", SECOND_SID, BOOTSTRAP_TOKEN).GET()));
    }

    @Test
    void wrongAuthTokenIsRejectedWithTwilio20003() {
        assertUnauthorized(client.send(client.authorized("/v1/Services", BOOTSTRAP_SID, "wrong-token").GET()));
    }

    @Test
    void unknownAccountIsRejectedWithTwilio20003() {
        assertUnauthorized(client.send(client.authorized("/v1/Services", FORGED_SID, BOOTSTRAP_TOKEN).GET()));
    }

    @Test
    void missingCredentialsAreRejectedWithTwilio20003() {
        assertUnauthorized(client.send(client.request("/v1/Services").GET()));
    }

    @Test
    void malformedAuthorizationHeadersAreRejectedWithTwilio20003() {
        for (String header : List.of("Bearer abc", "Basic", "Basic !!!notbase64", "Basic "
                + Base64.getEncoder().encodeToString("no-colon".getBytes()))) {
            assertUnauthorized(client.send(client.request("/v1/Services").header("Authorization", header).GET()));
        }
    }

    @Test
    void rejectedFormPostNeverReachesTheService() {
        GatewayClient.Response response = client.send(client.authorized("/v1/Services", BOOTSTRAP_SID, "wrong")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(GatewayClient.form("FriendlyName=x")));

        assertUnauthorized(response);
        assertThat(response.body()).doesNotContain("upstream");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET,    /v1/Services,                                               session",
            "POST,   /v1/Services/KS1,                                           session",
            "DELETE, /v1/Services/KS1,                                           session",
            "GET,    /v1/Services/KS1/Sessions,                                  session",
            "POST,   /v1/Services/KS1/Sessions/KC1,                              session",
            "GET,    /v1/Services/KS1/PhoneNumbers,                              number-pool",
            "POST,   /v1/Services/KS1/PhoneNumbers/PN1,                          number-pool",
            "GET,    /v1/Services/KS1/Sessions/KC1/Participants,                 participant",
            "DELETE, /v1/Services/KS1/Sessions/KC1/Participants/KP1,             participant",
            "GET,    /v1/Services/KS1/Sessions/KC1/Interactions,                 routing",
            "DELETE, /v1/Services/KS1/Sessions/KC1/Interactions/KI1,             routing",
            "POST,   /v1/Services/KS1/Sessions/KC1/Participants/KP1/MessageInteractions,     routing",
            "GET,    /v1/Services/KS1/Sessions/KC1/Participants/KP1/MessageInteractions/KI1, routing",
    })
    void eachPathGoesToTheServiceThatOwnsIt(String method, String path, String upstream) {
        GatewayClient.Response response = asBootstrap(client.request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, method.equals("POST") ? GatewayClient.form("A=1") : HttpRequest.BodyPublishers.noBody()));

        assertThat(response.status()).isEqualTo(200);
        JsonNode seen = response.json();
        assertThat(seen.get("upstream").asText()).isEqualTo(upstream);
        assertThat(seen.get("method").asText()).isEqualTo(method);
        assertThat(seen.get("path").asText()).isEqualTo(path);
    }

    @Test
    void serviceStatusAndBodyArePassedThrough() {
        GatewayClient.Response response = asBootstrap(client.request("/v1/Services")
                .header(EchoUpstream.STATUS_HEADER, "201")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(GatewayClient.form("FriendlyName=x")));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().get("body").asText()).isEqualTo("FriendlyName=x");

        GatewayClient.Response rejected = asBootstrap(client.request("/v1/Services/KS1")
                .header(EchoUpstream.STATUS_HEADER, "400").GET());
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.json().get("upstream").asText()).isEqualTo("session");
    }

    @Test
    void unknownPathIsTwilio20404() {
        for (String path : List.of("/v1/Nothing", "/v2/Services", "/", "/v1")) {
            GatewayClient.Response response = asBootstrap(client.request(path).GET());

            assertThat(response.status()).as(path).isEqualTo(404);
            JsonNode error = response.json();
            assertThat(error.get("code").asInt()).isEqualTo(20404);
            assertThat(error.get("status").asInt()).isEqualTo(404);
            assertThat(error.get("message").asText()).isEqualTo("The requested resource " + path + " was not found");
            assertThat(error.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20404");
        }
    }

    @Test
    void unknownPathWithoutCredentialsIsStill401() {
        assertUnauthorized(client.send(client.request("/v1/Nothing").GET()));
    }

    @Test
    void healthProbesNeedNoCredentials() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            GatewayClient.Response response = client.send(client.request(path).GET());

            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.json().get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void prometheusScrapeNeedsNoCredentialsAndKeepsPhoneNumbersOutOfLabels() {
        asBootstrap(client.request("/v1/Services/KS1/Sessions/KC1/Participants/%2B15559876543?Identifier=%2B15559876543").GET());
        client.send(client.request("/v1/Services").GET());

        GatewayClient.Response response = client.send(client.request("/actuator/prometheus").GET());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .contains("http_server_requests_seconds_count")
                .contains("application=\"api-gateway\"")
                .contains("status=\"401\"")
                .doesNotContain("15559876543");
    }

    @Test
    void unknownActuatorPathIsNotMistakenForAnApiResource() {
        GatewayClient.Response response = client.send(client.request("/actuator/nothing").GET());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("upstream");
    }

    private static void assertUnauthorized(GatewayClient.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"OpenProxy\"");
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode error = response.json();
        assertThat(error.get("code").asInt()).isEqualTo(20003);
        assertThat(error.get("status").asInt()).isEqualTo(401);
        assertThat(error.get("message").asText()).isEqualTo("Authenticate");
        assertThat(error.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20003");
    }

    private static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }
}
