package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated requests against every Services and Sessions operation through the whole stack: parameters of the
 * right and wrong names with hostile values, SIDs of the wrong prefix or length, unique names, broken encodings
 * and wrong content types. Whatever is sent: never a 5xx; an error is Twilio's shape; a success follows Twilio's
 * OpenAPI file; and after a refused write the account's Services and Sessions are exactly as before.
 *
 * <p>A seeded generator rather than jqwik (e2e-tests has no jqwik dependency): {@code -Dopenproxy.fuzz.seed=N}
 * replays a run, {@code -Dopenproxy.fuzz.requests=N} sets its length. The gateway module has the jqwik properties.
 */
@ExtendWith(ProxyStack.class)
class GatewayFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SERVICE_PARAMETERS = {"UniqueName", "DefaultTtl", "CallbackUrl", "GeoMatchLevel",
            "NumberSelectionBehavior", "InterceptCallbackUrl", "OutOfSessionCallbackUrl", "ChatInstanceSid"};
    private static final String[] SESSION_PARAMETERS = {"UniqueName", "DateExpiry", "Ttl", "Mode", "Status",
            "Participants"};
    private static final String[] VALUES = {"", " ", "0", "-1", "1", "3600", "2147483647", "2147483648",
            "99999999999999999999", "1.5", "abc", "open", "closed", "in-progress", "failed", "message-only",
            "voice-only", "voice-and-message", "country", "area-code", "avoid-sticky", "prefer-sticky",
            "https://example.com/callback", "http://", "ftp://example.com", "javascript:alert(1)", "not a url",
            "2031-01-01T00:00:00Z", "2031-01-01T00:00:00", "2031-01-01", "1999-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "10000-01-01T00:00:00Z", "2031-02-30T00:00:00Z", "not-a-date", "IS" + "0".repeat(32), "IS0", "KS" + "0".repeat(32),
            "Zürich ☎ 😀", "'; DROP TABLE sessions; --", "{\"Identifier\":\"+14155550100\"}", "{}", "[1,2]", "not json",
            "x".repeat(191), "x".repeat(192), "x".repeat(4001), "\t\n\r", "\u202e\u200b", "%s%n"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final OpenApiContract contract = OpenApiContract.twilioProxyV1();
    private Random random;
    private String authorization;
    private String serviceSid;
    private String serviceName;
    private String sessionSid;
    private final List<String> problems = new ArrayList<>();

    @BeforeEach
    void newAccountWithAServiceAndASession() {
        long seed = Long.getLong("openproxy.fuzz.seed", System.nanoTime());
        System.out.println("[fuzz] seed " + seed + " (replay with -Dopenproxy.fuzz.seed=" + seed + ")");
        random = new Random(seed);
        GatewayAdmin.Credential account = new GatewayAdmin(ProxyStack.gatewayUrl(), ProxyStack.stack().adminToken())
                .newAccount("fuzz");
        authorization = "Basic " + Base64.getEncoder().encodeToString(
                (account.sid() + ":" + account.secret()).getBytes(StandardCharsets.UTF_8));
        serviceName = "fuzz-service";
        serviceSid = json(send("POST", "/v1/Services", "UniqueName=" + serviceName + "&DefaultTtl=3600", FORM)).get("sid").asText();
        sessionSid = json(send("POST", "/v1/Services/" + serviceSid + "/Sessions", "UniqueName=fuzz-session", FORM))
                .get("sid").asText();
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void noGeneratedRequestGetsA5xxABadShapeOrChangesStateWhenRefused() {
        int requests = Integer.getInteger("openproxy.fuzz.requests", 400);
        String state = snapshot();
        int refusedWrites = 0;
        for (int i = 0; i < requests; i++) {
            Generated request = generate();
            HttpResponse<String> response = send(request.method(), request.path(), request.body(), request.contentType());
            String exchange = request + " -> " + response.statusCode() + " " + abbreviate(response.body());
            int status = response.statusCode();
            if (status >= 500) {
                problems.add("5xx: " + exchange);
            } else if (status >= 400) {
                GatewayHttpClient.checkErrorShape(new GatewayHttpClient.Exchange(request.method(), request.path(), null,
                        status, response.headers().firstValue("Content-Type").orElse(null), response.body()))
                        .ifPresent(problem -> problems.add(problem + ": " + exchange));
            } else {
                String rawPath = URI.create(ProxyStack.gatewayUrl() + request.path()).getRawPath();
                contract.check(request.method(), rawPath, status,
                        response.headers().firstValue("Content-Type").orElse(null), response.body())
                        .forEach(problem -> problems.add("contract: " + problem + ": " + exchange));
            }
            if (!request.method().equals("GET")) {
                String now = snapshot();
                if (status >= 400 && !now.equals(state)) {
                    problems.add("state changed by a refused request: " + exchange);
                    refusedWrites++;
                }
                state = now;
            }
        }
        assertThat(problems).as("%d requests, %d refused writes changed state", requests, refusedWrites).isEmpty();
    }

    /** One generated request. */
    record Generated(String method, String path, String body, String contentType) {
        @Override
        public String toString() {
            return method + " " + abbreviate(path) + " [" + contentType + "] " + abbreviate(body);
        }
    }

    private Generated generate() {
        boolean sessions = random.nextBoolean();
        boolean instance = random.nextInt(3) > 0;
        String method = pick("GET", "GET", "POST", "POST", "POST", "DELETE", "PUT", "PATCH");
        String path = "/v1/Services";
        if (sessions || instance) {
            // A DELETE of the real Service or Session would succeed and end the run's targets: only junk is deleted.
            path += "/" + (method.equals("DELETE") ? junkSegment("KS") : serviceSegment());
        }
        if (sessions) {
            path += "/Sessions";
            if (instance) {
                path += "/" + (method.equals("DELETE") ? junkSegment("KC") : sessionSegment());
            }
        }
        if (random.nextInt(6) == 0) {
            path += pick("?PageSize=0", "?PageSize=1001", "?PageSize=abc", "?Page=-1", "?PageToken=garbage",
                    "?PageToken=PA" + "%00", "?PageSize=%FF", "?PageSize=5&PageToken=");
        }
        String[] names = sessions ? SESSION_PARAMETERS : SERVICE_PARAMETERS;
        StringBuilder body = new StringBuilder();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String name = random.nextInt(8) == 0 ? pick("Foo", "uniquename", "Unique Name", "") : pick(names);
            body.append(body.isEmpty() ? "" : "&").append(encode(name)).append('=').append(value());
        }
        String contentType = FORM;
        int twist = random.nextInt(20);
        if (twist == 0) {
            body.append(pick("&x=%zz", "&x=%FF%FE", "&x=%", "&UniqueName=a%00b", "&%C3%28=1"));
        } else if (twist == 1) {
            contentType = pick("application/json", "text/plain", "multipart/form-data; boundary=x", FORM + "; charset=latin1");
        }
        return new Generated(method, path, body.toString(), contentType);
    }

    private String value() {
        if (random.nextInt(10) == 0) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                int codePoint;
                do {
                    codePoint = random.nextInt(0x2FFFF) + 1;
                } while (Character.getType(codePoint) == Character.SURROGATE || Character.getType(codePoint) == Character.UNASSIGNED);
                text.appendCodePoint(codePoint);
            }
            return encode(text.toString());
        }
        return encode(pick(VALUES));
    }

    private String serviceSegment() {
        return switch (random.nextInt(8)) {
            case 0 -> serviceName;
            case 1, 2 -> junkSegment("KS");
            default -> serviceSid;
        };
    }

    private String sessionSegment() {
        return switch (random.nextInt(8)) {
            case 0 -> "fuzz-session";
            case 1, 2 -> junkSegment("KC");
            default -> sessionSid;
        };
    }

    private String junkSegment(String prefix) {
        return switch (random.nextInt(9)) {
            case 0 -> prefix + "0".repeat(32);
            case 1 -> prefix + "0".repeat(31);
            case 2 -> prefix + "0".repeat(33);
            case 3 -> (prefix.equals("KS") ? "KC" : "KS") + "1".repeat(32);
            case 4 -> prefix + "G".repeat(32);
            case 5 -> encode("Zürich ☎");
            case 6 -> "x".repeat(300);
            case 7 -> pick("%FF", "%00", "..", "%2e%2e", "a;b");
            default -> prefix.toLowerCase() + "0".repeat(32);
        };
    }

    /** The account's Services and each one's Sessions, as the API lists them. */
    private String snapshot() {
        StringBuilder state = new StringBuilder();
        JsonNode services = json(send("GET", "/v1/Services?PageSize=100", "", FORM)).get("services");
        for (JsonNode service : services) {
            state.append(service.toString()).append('\n');
            JsonNode sessions = json(send("GET", "/v1/Services/" + service.get("sid").asText() + "/Sessions?PageSize=100",
                    "", FORM)).get("sessions");
            sessions.forEach(session -> state.append("  ").append(session.toString()).append('\n'));
        }
        return state.toString();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ProxyStack.gatewayUrl() + pathAndQuery))
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30));
        if (method.equals("GET") || method.equals("DELETE")) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            if (response.statusCode() >= 300) {
                throw new AssertionError("Setup request failed: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
