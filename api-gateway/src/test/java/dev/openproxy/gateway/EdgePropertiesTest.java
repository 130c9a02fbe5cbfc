package dev.openproxy.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.testsupport.EmbeddedPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the edge, checked with generated requests sent over a raw socket to a real gateway (Tomcat, the
 * filters, the proxy) in front of a real HTTP upstream: whatever a client sends, the answer is never a 5xx; every
 * refusal is Twilio's error JSON and never reaches the upstream; and whatever is forwarded arrives byte for byte.
 */
class EdgePropertiesTest {

    static final String ACCOUNT = "AC" + "0123456789abcdef0123456789abcdef";
    static final String TOKEN = "edge-token-0123456789abcdef012345";
    static final int MAX_BODY = 2048;
    static final ObjectMapper JSON = new ObjectMapper();

    static EchoUpstream upstream;
    static ConfigurableApplicationContext gateway;
    static int port;

    @BeforeContainer
    static void start() {
        upstream = EchoUpstream.start("any");
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + EmbeddedPostgres.newDatabase("gateway_edge"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--openproxy.gateway.bootstrap-account.sid=" + ACCOUNT,
                "--openproxy.gateway.bootstrap-account.auth-token=" + TOKEN,
                "--openproxy.gateway.admin.token=admin-token-for-the-edge-properties",
                "--openproxy.gateway.requests.max-body-size=" + MAX_BODY + "B",
                // Hundreds of generated requests a second on a few buckets: limits are tested elsewhere.
                "--openproxy.gateway.rate-limit.enabled=false",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        for (String service : new String[] {"session", "participant", "number-pool", "routing"}) {
            args.add("--openproxy.gateway.services." + service + "=" + upstream.uri());
        }
        gateway = new SpringApplicationBuilder(ApiGatewayApplication.class).run(args.toArray(String[]::new));
        port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    }

    @AfterContainer
    static void stop() {
        gateway.close();
        upstream.close();
    }

    /** A request as bytes on the wire. */
    record WireRequest(String method, String target, Map<String, String> headers, byte[] body, boolean chunked) {

        byte[] head() {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: gateway\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            return head.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        byte[] wireBody() {
            if (!chunked) {
                return body;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int half = body.length / 2;
            for (int[] part : new int[][] {{0, half}, {half, body.length}}) {
                if (part[1] > part[0]) {
                    out.writeBytes((Integer.toHexString(part[1] - part[0]) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, part[0], part[1] - part[0]);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        @Override
        public String toString() {
            String shown = new String(body, StandardCharsets.ISO_8859_1);
            return method + " " + abbreviate(target) + " " + headers + (chunked ? " chunked " : " ") + body.length
                    + " bytes: " + abbreviate(shown);
        }

        private static String abbreviate(String text) {
            return text.length() <= 200 ? text : text.substring(0, 200) + "...";
        }
    }

    @Property(tries = 600)
    void noRequestGetsA5xxAndEveryRefusalIsATwilioErrorThatNeverReachedTheService(@ForAll("requests") WireRequest request)
            throws IOException {
        int before = upstream.requests();
        RawHttp.Reply reply = RawHttp.exchange(port, request.head(), request.wireBody());
        int forwarded = upstream.requests() - before;

        assertThat(reply.status()).as("%s -> %s", request, reply.text()).isLessThan(500);
        if (reply.status() >= 400) {
            assertThat(forwarded).as("refused, so not forwarded: %s", request).isZero();
            if (!request.method().equals("HEAD")) {
                assertTwilioError(reply, request);
            }
        } else {
            assertThat(reply.status()).as("%s -> %s", request, reply.text()).isEqualTo(200);
            assertThat(forwarded).as("forwarded once: %s", request).isEqualTo(1);
            if (request.method().equals("POST")) {
                JsonNode seen = JSON.readTree(reply.body());
                assertThat(Base64.getDecoder().decode(seen.get("bodyBase64").asText()))
                        .as("byte for byte: %s", request).isEqualTo(request.body());
            }
        }
    }

    @Property(tries = 300)
    void wellFormedParametersArriveExactlyAsSent(@ForAll("parameters") List<Tuple.Tuple2<String, String>> parameters,
                                                @ForAll("collectionPaths") String path) throws IOException {
        StringBuilder form = new StringBuilder();
        for (Tuple.Tuple2<String, String> parameter : parameters) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(URLEncoder.encode(parameter.get1(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter.get2(), StandardCharsets.UTF_8));
        }
        byte[] body = form.toString().getBytes(StandardCharsets.US_ASCII);
        WireRequest request = new WireRequest("POST", path, Map.of("Authorization", basic(ACCOUNT, TOKEN),
                "Content-Type", "application/x-www-form-urlencoded"), body, false);

        RawHttp.Reply reply = RawHttp.exchange(port, request.head(), request.wireBody());

        if (body.length > MAX_BODY) {
            assertThat(reply.status()).isEqualTo(413);
            assertTwilioError(reply, request);
            return;
        }
        assertThat(reply.status()).as("%s -> %s", request, reply.text()).isEqualTo(200);
        JsonNode seen = JSON.readTree(reply.body());
        assertThat(seen.get("body").asText()).isEqualTo(form.toString());
        assertThat(seen.get("accountSids").get(0).asText()).isEqualTo(ACCOUNT);
    }

    private static void assertTwilioError(RawHttp.Reply reply, WireRequest request) throws IOException {
        assertThat(reply.header("Content-Type")).as("%s -> %s", request, reply.text()).startsWith("application/json");
        JsonNode error = JSON.readTree(reply.body());
        assertThat(error.isObject()).as("%s -> %s", request, reply.text()).isTrue();
        assertThat(error.path("code").isIntegralNumber()).as("code of %s", reply.text()).isTrue();
        assertThat(error.path("message").asText()).as("message of %s", reply.text()).isNotBlank();
        assertThat(error.path("more_info").asText())
                .isEqualTo("https://www.twilio.com/docs/errors/" + error.path("code").asInt());
        assertThat(error.path("status").asInt()).as("status of %s", reply.text()).isEqualTo(reply.status());
    }

    // --- generators ----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<WireRequest> requests() {
        Arbitrary<String> method = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("GET", "POST", "DELETE")),
                Tuple.of(2, Arbitraries.of("PUT", "PATCH", "HEAD", "OPTIONS", "TRACE", "get", "CONNECTX", "FOO")));
        Arbitrary<String> target = Combinators.combine(paths(), queries()).as((path, query) -> path + query);
        Arbitrary<Map<String, String>> headers = Combinators.combine(authorizations(), contentTypes())
                .as((authorization, contentType) -> {
                    Map<String, String> map = new java.util.LinkedHashMap<>();
                    authorization.ifPresent(value -> map.put("Authorization", value));
                    contentType.ifPresent(value -> map.put("Content-Type", value));
                    return map;
                });
        return Combinators.combine(method, target, headers, bodies(), Arbitraries.of(false, false, true))
                .as(WireRequest::new);
    }

    private static Arbitrary<java.util.Optional<String>> authorizations() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(java.util.Optional.of(basic(ACCOUNT, TOKEN)))),
                Tuple.of(1, Arbitraries.of(java.util.Optional.<String>empty(),
                        java.util.Optional.of(basic(ACCOUNT, "wrong")),
                        java.util.Optional.of("Basic !!!"),
                        java.util.Optional.of("Bearer admin-token-for-the-edge-properties"),
                        java.util.Optional.of(basic("SK" + "0".repeat(32), TOKEN)))));
    }

    private static Arbitrary<java.util.Optional<String>> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(java.util.Optional.of("application/x-www-form-urlencoded"))),
                Tuple.of(3, Arbitraries.of(java.util.Optional.<String>empty(),
                        java.util.Optional.of("application/x-www-form-urlencoded; charset=utf-8"),
                        java.util.Optional.of("application/x-www-form-urlencoded; charset=\"UTF-8\""),
                        java.util.Optional.of("application/x-www-form-urlencoded; charset=ISO-8859-1"),
                        java.util.Optional.of("application/json"),
                        java.util.Optional.of("multipart/form-data; boundary=x"),
                        java.util.Optional.of("text/plain"),
                        java.util.Optional.of(";;;"),
                        java.util.Optional.of("application/x-www-form-urlencoded; charset"))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30).withCharRange(' ', '~').map(java.util.Optional::of)));
    }

    /** Paths of every endpoint (and near misses), with segment values good, bad and hostile. */
    private static Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("KS" + "0".repeat(32), "KC" + "1".repeat(32), "KP" + "2".repeat(32),
                        "KI" + "3".repeat(32), "PN" + "4".repeat(32), "order-42")),
                Tuple.of(2, Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40)
                        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))),
                Tuple.of(2, Arbitraries.strings().ofMinLength(1).ofMaxLength(20)
                        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))),
                Tuple.of(2, Arbitraries.of("%FF", "%C3%28", "%00", "%2F", "%zz", "%", "..", ".", "", "a;b=c", "%E2%82",
                        "%ED%A0%80", "x".repeat(300), "\u00e9", "a b", "%25", "Services")));
        Arbitrary<String> template = Arbitraries.of(
                "/v1/Services", "/v1/Services/{}", "/v1/Services/{}/PhoneNumbers", "/v1/Services/{}/PhoneNumbers/{}",
                "/v1/Services/{}/Sessions", "/v1/Services/{}/Sessions/{}", "/v1/Services/{}/Sessions/{}/Participants",
                "/v1/Services/{}/Sessions/{}/Participants/{}", "/v1/Services/{}/Sessions/{}/Participants/{}/MessageInteractions",
                "/v1/Services/{}/Sessions/{}/Participants/{}/MessageInteractions/{}",
                "/v1/Services/{}/Sessions/{}/Interactions", "/v1/Services/{}/Sessions/{}/Interactions/{}",
                "/v1/Services/{}/ShortCodes", "/v1/{}", "/v2/Services", "/", "/{}", "/v1/Services/", "/actuator/{}",
                "/admin/v1/Accounts/{}", "/error", "/v1/Services/{}/Sessions/{}/Participants/{}/Nothing");
        return Combinators.combine(template, segment.list().ofSize(5)).as((path, values) -> {
            String filled = path;
            for (String value : values) {
                filled = filled.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(value));
            }
            return filled;
        });
    }

    private static Arbitrary<String> queries() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just("")),
                Tuple.of(2, Arbitraries.of("?PageSize=50", "?PageSize=-1&Page=x", "?PageToken=PA%00",
                        "?a=%FF", "?a=%zz", "?=", "?&&", "?a", "?Identifier=%2B15551234567")),
                Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40)
                        .map(s -> "?" + s.replace("#", "%23"))));
    }

    private static Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> wellFormed = Arbitraries.maps(
                        Arbitraries.of("UniqueName", "Ttl", "Status", "Mode", "DateExpiry", "Identifier", "FriendlyName",
                                "Participants", "CallbackUrl", "x"),
                        Arbitraries.strings().ofMaxLength(60))
                .ofMaxSize(5)
                .map(map -> {
                    StringBuilder form = new StringBuilder();
                    map.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&").append(name).append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
                    return form.toString().getBytes(StandardCharsets.US_ASCII);
                });
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new byte[0])),
                Tuple.of(4, wellFormed),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                Tuple.of(1, Arbitraries.of("a=%FF", "a=%", "a=%zz", "a=%00", "%C3%28=1", "=&=&", "a=1&&b=2",
                                "{\"UniqueName\":\"x\"}", "a=\u00e9")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.integers().between(MAX_BODY - 2, MAX_BODY * 4)
                        .map(size -> ("a=" + "b".repeat(size)).substring(0, size).getBytes(StandardCharsets.US_ASCII))));
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> parameters() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(80)
                .filter(s -> s.indexOf('\u0000') < 0 && !hasLoneSurrogate(s));
        return Combinators.combine(text.filter(s -> !s.isEmpty()), text).as(Tuple::of).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> collectionPaths() {
        return Arbitraries.of("/v1/Services", "/v1/Services/KS" + "0".repeat(32) + "/Sessions",
                "/v1/Services/KS" + "0".repeat(32) + "/Sessions/KC" + "0".repeat(32),
                "/v1/Services/KS" + "0".repeat(32) + "/Sessions/KC" + "0".repeat(32) + "/Participants",
                "/v1/Services/KS" + "0".repeat(32) + "/PhoneNumbers");
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
