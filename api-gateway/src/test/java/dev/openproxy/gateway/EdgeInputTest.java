package dev.openproxy.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge's answers to bad input, one example each (EdgePropertiesTest checks the same rules on generated input). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "openproxy.gateway.requests.max-body-size=1KB")
class EdgeInputTest {

    static final String SID = "AC" + "0123456789abcdef0123456789abcdef";
    static final String TOKEN = "edge-input-token-0123456789abcdef";
    static final EchoUpstream UPSTREAM = EchoUpstream.start("any");
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "gateway");
        registry.add("openproxy.gateway.bootstrap-account.sid", () -> SID);
        registry.add("openproxy.gateway.bootstrap-account.auth-token", () -> TOKEN);
        for (String service : new String[] {"session", "participant", "number-pool", "routing"}) {
            registry.add("openproxy.gateway.services." + service, UPSTREAM::uri);
        }
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @LocalServerPort
    int port;

    private RawHttp.Reply send(String requestLine, String headers, String body) {
        String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        String head = requestLine + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n" + headers + "Content-Length: " + bytes.length + "\r\n";
        return RawHttp.exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), bytes);
    }

    private static final String FORM = "Content-Type: application/x-www-form-urlencoded\r\n";

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @CsvSource(delimiter = '|', value = {
            "POST | /v1/Services | UniqueName=%FF | 400 | 20001",
            "POST | /v1/Services | UniqueName=a%00b | 400 | 20001",
            "POST | /v1/Services | UniqueName=%zz | 400 | 20001",
            "GET | /v1/Services?PageToken=%C3%28 | '' | 400 | 20001",
            "GET | /v1/Services/%FF | '' | 400 | 20001",
            "GET | /v1/Services/a%2Fb | '' | 400 | 20001",
            "GET | /v1/Services/KS1/Sessions/ | '' | 404 | 20404",
            "GET | /v1/Services/KS1/ShortCodes | '' | 404 | 20404",
            "GET | /error | '' | 404 | 20404",
            "PUT | /v1/Services/KS1 | '' | 405 | 20004",
            "POST | /v1/Services/KS1/Sessions/KC1/Interactions | '' | 405 | 20004",
            "TRACE | /v1/Services | '' | 405 | 20004",
            "TRACE | /actuator/health | '' | 405 | 20004",
    })
    void badInputIsRefusedInTwilioShapeAndNeverForwarded(String method, String target, String body, int status,
                                                         int code) throws IOException {
        int before = UPSTREAM.requests();

        RawHttp.Reply reply = send(method + " " + target, FORM, body);

        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        JsonNode error = JSON.readTree(reply.body());
        assertThat(error.get("code").asInt()).isEqualTo(code);
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(UPSTREAM.requests()).isEqualTo(before);
    }

    @Test
    void wrongMethodNamesTheAllowedOnes() {
        RawHttp.Reply reply = send("DELETE /v1/Services", "", "");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).isEqualTo("GET, POST");
    }

    @Test
    void aBodyOverTheLimitIs413() throws IOException {
        RawHttp.Reply declared = send("POST /v1/Services", FORM, "UniqueName=" + "x".repeat(2000));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(JSON.readTree(declared.body()).get("code").asInt()).isEqualTo(20001);

        String chunk = "UniqueName=" + "x".repeat(2000);
        String head = "POST /v1/Services HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + FORM + "Transfer-Encoding: chunked\r\n";
        String chunked = Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";
        RawHttp.Reply streamed = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII),
                chunked.getBytes(StandardCharsets.US_ASCII));
        assertThat(streamed.status()).as("no Content-Length: counted while reading").isEqualTo(413);
    }

    @Test
    void onlyUtf8FormBodiesAreAccepted() {
        assertThat(send("POST /v1/Services", "Content-Type: application/json\r\n", "{\"UniqueName\":\"x\"}").status())
                .isEqualTo(415);
        assertThat(send("POST /v1/Services", "Content-Type: application/x-www-form-urlencoded; charset=ISO-8859-1\r\n",
                "UniqueName=x").status()).isEqualTo(415);
        assertThat(send("POST /v1/Services", "", "UniqueName=x").status()).as("no Content-Type").isEqualTo(415);
        assertThat(send("POST /v1/Services", "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n",
                "UniqueName=x").status()).isEqualTo(200);
        assertThat(send("POST /v1/Services/KS1", "", "").status()).as("an empty POST needs no Content-Type").isEqualTo(200);
    }

    @Test
    void requestsTomcatRefusesItselfAreTwilioErrorsToo() throws IOException {
        for (String requestLine : new String[] {"GET /v1/Services/a b", "G(T /v1/Services", "GET /v1/Services?a=|"}) {
            RawHttp.Reply reply = send(requestLine, "", "");
            assertThat(reply.status()).as(requestLine).isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(reply.body()).get("code").asInt()).isEqualTo(20001);
        }
        String head = "GET /v1/Services HTTP/9.9\r\nHost: x\r\n";
        try {
            RawHttp.Reply version = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), new byte[0]);
            assertThat(version.status()).as("an unknown HTTP version is the client's error, not a 505").isEqualTo(400);
        } catch (java.io.UncheckedIOException closedWithoutAnswer) {
            // Tomcat may also drop such a connection before answering (seen under load): no 5xx either way.
            assertThat(closedWithoutAnswer).hasMessageContaining("No complete response head");
        }
        RawHttp.Reply hugeHeader = send("GET /v1/Services", "X-Big: " + "a".repeat(20_000) + "\r\n", "");
        assertThat(hugeHeader.status()).isEqualTo(400);
        assertThat(JSON.readTree(hugeHeader.body()).get("status").asInt()).isEqualTo(400);
    }

    @Test
    void aGetBodyIsNotForwarded() throws IOException {
        RawHttp.Reply reply = send("GET /v1/Services", FORM, "UniqueName=x");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("body").asText()).isEmpty();
    }
}
