package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openproxy.e2e.SpecOperations.Operation;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.awaitility.Awaitility;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A jqwik property over every operation of Twilio's OpenAPI file, through the whole stack: each try takes one of the
 * 25 operations (read from the spec, with the spec's own parameter names) or a method or path the spec does not have,
 * and sends it with generated path segments (the real resources, their names, SIDs of the wrong prefix or length,
 * hostile text), generated parameters (right names with hostile values, unknown names), broken encodings and wrong
 * content types. Whatever is sent: never a 5xx; an error is Twilio's shape; a success follows Twilio's OpenAPI file;
 * and after a refused request the account's resources are exactly as before. The property fails unless every
 * operation of the spec was tried.
 *
 * <p>One account (made with the admin interface) holds one resource of each type: a Service with two numbers, a
 * Session with two Participants, a MessageInteraction (also an Interaction). A DELETE never names a real resource as
 * its last segment (it would succeed and end the run's targets); other successful writes are allowed and the state
 * is taken again once they settled. Shrinking is off: a failing try is reported as sent, with jqwik's seed.
 */
class GatewayFuzzIT {

    private static final String FORM = RawApi.FORM;
    private static final SpecOperations SPEC = SpecOperations.twilioProxyV1();
    private static final OpenApiContract CONTRACT = OpenApiContract.twilioProxyV1();

    /** Values for any parameter. No small positive integers: a Ttl of seconds would close Sessions mid-run. */
    private static final List<String> VALUES = List.of("", " ", "0", "-1", "3600", "2147483647", "2147483648",
            "-2147483649", "99999999999999999999", "1.5", "1e3", "0x10", "abc", "true", "false", "TRUE", "yes",
            "open", "closed", "in-progress", "failed", "unknown", "message-only", "voice-only", "voice-and-message",
            "country", "area-code", "overlay", "radius", "extended-area-code", "avoid-sticky", "prefer-sticky",
            "http://127.0.0.1:9/callback", "http://", "ftp://example.com", "javascript:alert(1)", "not a url",
            "http://127.0.0.1:9/" + "x".repeat(3990), "http://127.0.0.1:9/" + "x".repeat(3982),
            "2031-01-01T00:00:00Z", "2031-01-01T00:00:00", "2031-01-01", "1999-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "10000-01-01T00:00:00Z", "2031-02-30T00:00:00Z", "not-a-date",
            "IS" + "0".repeat(32), "IS0", "KS" + "0".repeat(32), "PN" + "0".repeat(32), "PN" + "0".repeat(31), "PNxyz",
            "+12065550142", "+1206555", "+999999999999999", "+44 20 7946 0958", "whatsapp:+12065550143",
            "messenger:12345", "sms:+1", "+",
            "Zürich ☎ 😀", "'; DROP TABLE sessions; --", "{\"Identifier\":\"+12065550144\"}", "{}", "[1,2]", "not json",
            "{\"Identifier\":\"" + "x".repeat(200) + "\"}", "x".repeat(191), "x".repeat(192), "x".repeat(255),
            "x".repeat(256), "x".repeat(4001), "\t\n\r", "\u202e\u200b", "%s%n", "PA", "PAgarbage");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\p{Nd}+");
    private static final Set<String> UNKNOWN_NAMES = Set.of("Foo", "uniquename", "Unique Name", "", "Sid", "AccountSid",
            "FailOnParticipantConflict", "ttl");

    private static RawApi api;
    private static Resources resources;
    /** The account's resources as the API listed them after the last request that may have changed them. */
    private static String state;

    /** The account's resources: real values for the path segments. */
    record Resources(String service, String serviceName, String phoneNumber, String session, String sessionName,
                     String participant, String interaction) {
    }

    /** One generated request; {@code operationId} is null for a method or path the spec does not have. */
    record Generated(String operationId, String method, String path, String body, String contentType) {
        @Override
        public String toString() {
            return (operationId == null ? "(not in the spec)" : operationId) + ": " + method + " " + abbreviate(path)
                    + " [" + contentType + "] " + abbreviate(body);
        }
    }

    @BeforeContainer
    static void newAccountWithOneResourceOfEachType() {
        GatewayAdmin.Credential account = new GatewayAdmin(ProxyStack.gatewayUrl(), ProxyStack.stack().adminToken())
                .newAccount("fuzz");
        api = new RawApi(ProxyStack.gatewayUrl(), account.sid(), account.secret());
        String service = api.created("/v1/Services", "UniqueName=fuzz-service&DefaultTtl=3600").get("sid").asText();
        String services = "/v1/Services/" + service;
        String number = api.created(services + "/PhoneNumbers", "PhoneNumber=" + RawApi.encode(newNumber()))
                .get("sid").asText();
        api.created(services + "/PhoneNumbers", "PhoneNumber=" + RawApi.encode(newNumber()));
        String session = api.created(services + "/Sessions", "UniqueName=fuzz-session").get("sid").asText();
        String sessions = services + "/Sessions/" + session;
        String alice = api.created(sessions + "/Participants", "Identifier=" + RawApi.encode(newNumber()))
                .get("sid").asText();
        api.created(sessions + "/Participants", "Identifier=" + RawApi.encode(newNumber()));
        String interaction = api.created(sessions + "/Participants/" + alice + "/MessageInteractions", "Body=hello")
                .get("sid").asText();
        resources = new Resources(service, "fuzz-service", number, session, "fuzz-session", alice, interaction);
        state = settledState();
    }

    /** Seattle numbers (+1 206), used by no other test class. */
    private static String newNumber() {
        return "+1206" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    // No edge cases: they would crowd the first operations of the list; every operation is equally likely instead.
    @Property(tries = 400, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.RANDOM_SEED,
            edgeCases = EdgeCasesMode.NONE)
    void noGeneratedRequestGetsA5xxABadShapeOrChangesStateWhenRefused(@ForAll("requests") Generated request) {
        Statistics.label("operation").collect(request.operationId() == null ? "not in the spec" : request.operationId());
        Statistics.label("operation").coverage(coverage -> SPEC.all().forEach(operation ->
                coverage.check(operation.operationId()).count((java.util.function.Predicate<Integer>) tries -> tries > 0)));

        RawApi.Reply reply = api.send(request.method(), request.path(), request.body(), request.contentType());

        String exchange = request + " -> " + reply;
        Statistics.label("status").collect(reply.status());
        assertThat(reply.status()).as("never a 5xx: %s", exchange).isLessThan(500);
        if (reply.status() >= 400) {
            assertThat(GatewayHttpClient.checkErrorShape(new GatewayHttpClient.Exchange(request.method(), request.path(),
                    null, reply.status(), reply.contentType(), reply.body()))).as(exchange).isEmpty();
            if (!request.method().equals("GET")) {
                assertThat(currentState()).as("state unchanged by the refused %s", exchange).isEqualTo(state);
            }
        } else {
            String rawPath = URI.create(ProxyStack.gatewayUrl() + request.path()).getRawPath();
            assertThat(CONTRACT.check(request.method(), rawPath, reply.status(), reply.contentType(), reply.body()))
                    .as("Twilio's contract: %s", exchange).isEmpty();
            if (!request.method().equals("GET")) {
                state = settledState();
            }
        }
    }

    // --- generators ----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Generated> requests() {
        Arbitrary<Generated> inSpec = Arbitraries.of(SPEC.all()).flatMap(this::request);
        return Arbitraries.frequencyOf(Tuple.of(9, inSpec), Tuple.of(1, notInSpec()));
    }

    private Arbitrary<Generated> request(Operation operation) {
        boolean delete = operation.method().equals("DELETE");
        Arbitrary<String> path = Arbitraries.just(operation.pathTemplate());
        String[] segments = operation.pathTemplate().split("/");
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith("{")) {
                String collection = segments[i - 1];
                boolean last = i == segments.length - 1;
                Arbitrary<String> value = segment(collection, delete && last);
                String variable = segments[i];
                path = Combinators.combine(path, value).as((p, v) -> p.replace(variable, v));
            }
        }
        Arbitrary<String> parameters = parameters(operation.parameters());
        Arbitrary<String> query = operation.method().equals("GET")
                ? Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")), Tuple.of(1, parameters.map(q -> "?" + q)))
                : Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("")), Tuple.of(1, parameters.map(q -> "?" + q)));
        Arbitrary<String> body = operation.method().equals("POST") ? withTwist(parameters) : Arbitraries.just("");
        Arbitrary<String> contentType = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(FORM)),
                Tuple.of(1, Arbitraries.of("application/json", "text/plain", "multipart/form-data; boundary=x",
                        FORM + "; charset=latin1", FORM + "; charset=utf-8")));
        return Combinators.combine(path, query, body, contentType)
                .as((p, q, b, c) -> new Generated(operation.operationId(), operation.method(), p + q, b, c));
    }

    /** A path segment after {@code collection} (e.g. {@code Sessions}): mostly the real resource. */
    private static Arbitrary<String> segment(String collection, boolean neverReal) {
        String real = switch (collection) {
            case "Services" -> resources.service();
            case "PhoneNumbers" -> resources.phoneNumber();
            case "Sessions" -> resources.session();
            case "Participants" -> resources.participant();
            default -> resources.interaction();
        };
        String prefix = real.substring(0, 2);
        Arbitrary<String> junk = junk(prefix);
        if (neverReal) {
            return junk;
        }
        // The UniqueName where a fetch takes one; read when used, since UpdateService may rename the Service.
        Arbitrary<String> name = switch (collection) {
            case "Services" -> Arbitraries.just("").map(ignored -> RawApi.encode(resources.serviceName()));
            case "Sessions" -> Arbitraries.just(resources.sessionName());
            default -> Arbitraries.just(real.toLowerCase());
        };
        return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(real)), Tuple.of(1, name), Tuple.of(2, junk));
    }

    private static Arbitrary<String> junk(String prefix) {
        String other = prefix.equals("KS") ? "KC" : "KS";
        return Arbitraries.oneOf(
                Arbitraries.of(prefix + "0".repeat(32), prefix + "0".repeat(31), prefix + "0".repeat(33),
                        other + "1".repeat(32), prefix + "G".repeat(32), prefix.toLowerCase() + "0".repeat(32),
                        RawApi.encode("Zürich ☎"), "x".repeat(300), "%FF", "%00", "..", "%2e%2e", "a;b", "%C3%28", "%25",
                        "%20", "-", "null"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40)
                        .map(s -> RawApi.encode(s).replace("+", "%20")));
    }

    /** Form or query parameters: the operation's own names (and some unknown ones) with generated values. */
    private static Arbitrary<String> parameters(List<String> names) {
        Arbitrary<String> name = names.isEmpty() ? Arbitraries.of(UNKNOWN_NAMES)
                : Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.of(names)), Tuple.of(1, Arbitraries.of(UNKNOWN_NAMES)));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40)
                .filter(s -> !INTEGER.matcher(s.strip()).matches());
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(VALUES)), Tuple.of(1, text));
        return Combinators.combine(name, value).as((n, v) -> RawApi.encode(n) + "=" + RawApi.encode(v))
                .list().ofMaxSize(4).map(pairs -> String.join("&", pairs));
    }

    private static Arbitrary<String> withTwist(Arbitrary<String> body) {
        return Combinators.combine(body, Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("")),
                        Tuple.of(1, Arbitraries.of("&x=%zz", "&x=%FF%FE", "&x=%", "&UniqueName=a%00b", "&%C3%28=1",
                                "&Body=%ED%A0%80", "&&&=", "&Identifier=" + "9".repeat(70_000)))))
                .as((b, twist) -> b + twist);
    }

    /** Methods a spec path does not have, and paths the spec does not have. */
    private static Arbitrary<Generated> notInSpec() {
        Arbitrary<String> method = Arbitraries.of("PUT", "PATCH", "DELETE", "POST", "GET", "OPTIONS");
        Arbitrary<String> path = Arbitraries.of("/v1/Services/" + resources.service() + "/ShortCodes",
                "/v1/Services/" + resources.service() + "/Sessions/", "/v2/Services", "/v1", "/", "/v1/Services/"
                        + resources.service() + "/Sessions/" + resources.session() + "/Participants/"
                        + resources.participant() + "/Nothing", "/v1/Services/" + resources.service() + "/Sessions/"
                        + resources.session() + "/Interactions");
        return Combinators.combine(method, path).as((m, p) -> {
            boolean spec = SPEC.match(m, p).isPresent() && !p.endsWith("/");
            // A spec operation here would be a real write (a DELETE of the Session's Interactions has no spec path).
            return spec ? new Generated(null, "PATCH", p, "", FORM) : new Generated(null, m, p, "Foo=bar", FORM);
        });
    }

    // --- state ---------------------------------------------------------------------------------------------

    /** What the API shows of the account: its Services, and everything under the run's Service. */
    private static String currentState() {
        String service = "/v1/Services/" + resources.service();
        String session = service + "/Sessions/" + resources.session();
        StringBuilder state = new StringBuilder();
        for (String path : List.of("/v1/Services?PageSize=100", service, service + "/PhoneNumbers?PageSize=100",
                service + "/Sessions?PageSize=100", session + "/Participants", session + "/Interactions?PageSize=100",
                session + "/Participants/" + resources.participant() + "/MessageInteractions?PageSize=100")) {
            state.append(path).append(" -> ").append(api.read(path)).append('\n');
        }
        return state.toString();
    }

    /**
     * The state once a successful write's effects through Kafka (in_use, last interaction, the carrier's answer)
     * have arrived: the same twice in a row. Also follows a rename of the Service.
     */
    private static String settledState() {
        String[] last = {currentState()};
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(500))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    String now = currentState();
                    boolean settled = now.equals(last[0]) && !now.contains("\"outbound_resource_sid\":null");
                    last[0] = now;
                    return settled;
                });
        JsonNode service = api.read("/v1/Services/" + resources.service());
        resources = new Resources(resources.service(), service.get("unique_name").asText(), resources.phoneNumber(),
                resources.session(), resources.sessionName(), resources.participant(), resources.interaction());
        return last[0];
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
