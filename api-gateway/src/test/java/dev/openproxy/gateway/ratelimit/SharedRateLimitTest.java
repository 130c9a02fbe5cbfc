package dev.openproxy.gateway.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.gateway.ApiGatewayApplication;
import dev.openproxy.gateway.MutableClock;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway replicas (two application contexts with their own Tomcat and connection pool) on one database and
 * one hand-moved clock: the limit of a bucket is shared, not per replica, and the 5-second window slides second by
 * second. Twilio's numbers: 30 requests per second on average over 5 seconds, so 150 in any 5 seconds.
 */
class SharedRateLimitTest {

    static final String ACCOUNT = "AC" + "0123456789abcdef0123456789abcdef";
    static final String TOKEN = "rate-limit-token-0123456789abcdef";
    static final String OTHER_ACCOUNT = "AC" + "fedcba9876543210fedcba9876543210";
    static final String SERVICE = "KS" + "00000000000000000000000000000001";
    static final String OTHER_SERVICE = "KS" + "00000000000000000000000000000002";
    static final ObjectMapper JSON = new ObjectMapper();

    static final MutableClock CLOCK = new MutableClock(Instant.ofEpochSecond(1_900_000_000L).plusMillis(200));
    static com.sun.net.httpserver.HttpServer upstream;
    static ConfigurableApplicationContext replicaA;
    static ConfigurableApplicationContext replicaB;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startTwoReplicas() throws IOException {
        upstream = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "{\"upstream\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        String database = EmbeddedPostgres.newDatabase("gateway_rate");
        replicaA = replica(database);
        replicaB = replica(database);
        replicaA.getBean(dev.openproxy.gateway.auth.AccountStore.class).upsert(OTHER_ACCOUNT, TOKEN, "other");
    }

    private static ConfigurableApplicationContext replica(String database) {
        String upstreamUri = "http://127.0.0.1:" + upstream.getAddress().getPort();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--openproxy.gateway.bootstrap-account.sid=" + ACCOUNT,
                "--openproxy.gateway.bootstrap-account.auth-token=" + TOKEN,
                "--spring.main.banner-mode=off"));
        for (String service : new String[] {"session", "participant", "number-pool", "routing"}) {
            args.add("--openproxy.gateway.services." + service + "=" + upstreamUri);
        }
        return new SpringApplicationBuilder(ApiGatewayApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("gatewayClock", CLOCK))
                .run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (replicaA != null) {
            replicaA.close();
        }
        if (replicaB != null) {
            replicaB.close();
        }
        upstream.stop(0);
    }

    @Test
    void onehundredFiftyReadsInAWindowPassOnTwoReplicasThe151stIs429AndTheWindowSlides() {
        String sessions = "/v1/Services/" + SERVICE + "/Sessions";
        assertAllPass(100, "GET", sessions, ACCOUNT);          // t = 0
        CLOCK.advance(Duration.ofSeconds(2));
        assertAllPass(50, "GET", sessions, ACCOUNT);           // t = 2: 150 in the window

        HttpResponse<String> refused = send(replicaB, "GET", sessions, ACCOUNT);
        assertTooManyRequests(refused, "3");                    // the 100 of t = 0 leave the window at t = 5
        assertTooManyRequests(send(replicaA, "GET", sessions, ACCOUNT), "3");

        // Other buckets are untouched: another method, another endpoint of the Service, another Service, another account.
        assertThat(send(replicaA, "POST", sessions, ACCOUNT).statusCode()).isEqualTo(200);
        assertThat(send(replicaB, "GET", "/v1/Services/" + SERVICE + "/PhoneNumbers", ACCOUNT).statusCode()).isEqualTo(200);
        assertThat(send(replicaA, "GET", sessions + "/KC" + "0".repeat(32), ACCOUNT).statusCode()).isEqualTo(200);
        assertThat(send(replicaB, "GET", "/v1/Services/" + OTHER_SERVICE + "/Sessions", ACCOUNT).statusCode()).isEqualTo(200);
        assertThat(send(replicaA, "GET", sessions, OTHER_ACCOUNT).statusCode()).isEqualTo(200);

        CLOCK.advance(Duration.ofSeconds(2));                   // t = 4: still 150 in [0, 4]
        assertTooManyRequests(send(replicaA, "GET", sessions, ACCOUNT), "1");

        CLOCK.advance(Duration.ofSeconds(1));                   // t = 5: the window is [1, 5], holding the 50 of t = 2
        assertAllPass(100, "GET", sessions, ACCOUNT);
        assertTooManyRequests(send(replicaB, "GET", sessions, ACCOUNT), "2");

        CLOCK.advance(Duration.ofSeconds(5));                   // t = 10: all of it has slid out
        assertAllPass(150, "GET", sessions, ACCOUNT);
        assertTooManyRequests(send(replicaA, "GET", sessions, ACCOUNT), "5");
    }

    @Test
    void theServiceListIsLimitedPerAccountAndRefusedRequestsDoNotCount() {
        CLOCK.advance(Duration.ofSeconds(100));
        assertAllPass(150, "GET", "/v1/Services", ACCOUNT);
        for (int i = 0; i < 20; i++) {
            assertTooManyRequests(send(i % 2 == 0 ? replicaA : replicaB, "GET", "/v1/Services", ACCOUNT), "5");
        }
        // A Service's own endpoint is counted per Service, not in the list's bucket.
        assertThat(send(replicaA, "GET", "/v1/Services/" + SERVICE, ACCOUNT).statusCode()).isEqualTo(200);

        CLOCK.advance(Duration.ofSeconds(5));                   // the 20 refusals were not counted: a full window again
        assertAllPass(150, "GET", "/v1/Services", ACCOUNT);
    }

    @Test
    void writesAreLimitedPerServiceAndEndpointToo() {
        CLOCK.advance(Duration.ofSeconds(200));
        String participant = "/v1/Services/" + SERVICE + "/Sessions/KC" + "0".repeat(32) + "/Participants/KP" + "0".repeat(32);
        String otherParticipant = "/v1/Services/" + SERVICE + "/Sessions/KC" + "1".repeat(32) + "/Participants/KP" + "1".repeat(32);
        assertAllPass(150, "DELETE", participant, ACCOUNT);
        // The endpoint is the template: another Participant of the same Service shares the bucket.
        assertTooManyRequests(send(replicaB, "DELETE", otherParticipant, ACCOUNT), "5");
        assertAllPass(150, "POST", "/v1/Services/" + SERVICE + "/Sessions", ACCOUNT);
        assertTooManyRequests(send(replicaA, "POST", "/v1/Services/" + SERVICE + "/Sessions", ACCOUNT), "5");
        assertThat(send(replicaA, "DELETE", participant.replace(SERVICE, OTHER_SERVICE), ACCOUNT).statusCode())
                .as("another Service").isEqualTo(200);
    }

    private static void assertAllPass(int count, String method, String path, String account) {
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = send(i % 2 == 0 ? replicaA : replicaB, method, path, account);
            assertThat(response.statusCode()).as("request %d of %d: %s", i + 1, count, response.body()).isEqualTo(200);
        }
    }

    private static void assertTooManyRequests(HttpResponse<String> response, String retryAfter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains(retryAfter);
        try {
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.get("code").asInt()).isEqualTo(20429);
            assertThat(error.get("status").asInt()).isEqualTo(429);
            assertThat(error.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20429");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext replica, String method, String path,
                                             String account) {
        String port = replica.getEnvironment().getProperty("local.server.port");
        String credentials = Base64.getEncoder().encodeToString((account + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("Ttl=1")
                        : HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
