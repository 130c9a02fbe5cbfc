package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.constant.EnumConstants;
import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * twilio-java's HTTP layer, pointed at our gateway: the library builds requests for https://proxy.twilio.com as
 * usual, and this client sends them (same path, query, Basic auth and form body) to the local gateway instead.
 *
 * <p>Every response is also checked: a 2xx against Twilio's OpenAPI file ({@link OpenApiContract}), a 4xx/5xx
 * against Twilio's error shape ({@code code}, {@code message}, {@code more_info}, {@code status}). Failures are
 * collected, not thrown, so the library sees exactly what the server sent; {@link #assertNoContractViolations()}
 * fails the test at its end (the {@link E2eTest} base class does that after every test).
 */
public class GatewayHttpClient extends HttpClient {

    /** One request and what came back, as the gateway saw and answered it. */
    public record Exchange(String method, String path, String query, int status, String contentType, String body) {

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status;
        }
    }

    /** Told of every exchange once it has been checked, e.g. to see which of the spec's operations a test ran. */
    @FunctionalInterface
    public interface ExchangeListener {

        /** {@code contractErrors} is empty when the response conformed (a 2xx to the spec, an error to Twilio's shape). */
        void checked(Exchange exchange, List<String> contractErrors);
    }

    private static final int KEPT_EXCHANGES = 1000;
    /** Headers java.net.http sets itself, and Accept-Encoding (it would not decompress a gzip answer for us). */
    private static final Set<String> SKIPPED_HEADERS = Set.of("authorization", "content-type", "content-length",
            "host", "connection", "expect", "upgrade", "accept-encoding");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String gatewayUrl;
    private final OpenApiContract contract;
    private final java.net.http.HttpClient http;
    private final Deque<Exchange> exchanges = new ArrayDeque<>();
    private final List<String> violations = new ArrayList<>();
    private final List<ExchangeListener> listeners = new CopyOnWriteArrayList<>();

    /** A client for the gateway at {@code gatewayUrl} (e.g. http://127.0.0.1:8080), checking Twilio's Proxy v1 spec. */
    public GatewayHttpClient(String gatewayUrl) {
        this(gatewayUrl, OpenApiContract.twilioProxyV1());
    }

    public GatewayHttpClient(String gatewayUrl, OpenApiContract contract) {
        this.gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        this.contract = contract;
        this.http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Response makeRequest(Request request) {
        URL twilioUrl = request.constructURL();
        String path = twilioUrl.getPath();
        String query = twilioUrl.getQuery();
        HttpMethod method = request.getMethod();

        HttpRequest.Builder builder = HttpRequest.newBuilder(target(path, query)).timeout(Duration.ofSeconds(30));
        if (request.requiresAuthentication()) {
            builder.header("Authorization", request.getAuthString());
        }
        for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
            if (!SKIPPED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        builder.header("Accept", "application/json");
        if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            boolean json = request.getContentType() == EnumConstants.ContentType.JSON;
            String body = json ? request.getBody() : request.encodeFormBody();
            builder.header("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded");
            builder.method(method.toString(), HttpRequest.BodyPublishers.ofString(body == null ? "" : body,
                    StandardCharsets.UTF_8));
        } else {
            builder.method(method.toString(), HttpRequest.BodyPublishers.noBody());
        }

        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiConnectionException("Could not reach the gateway at " + gatewayUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("Interrupted while calling the gateway", e);
        }
        Optional<String> contentType = response.headers().firstValue("Content-Type");
        Exchange exchange = new Exchange(method.toString(), path, query, response.statusCode(),
                contentType.orElse(null), response.body());
        List<String> problems = check(exchange);
        record(exchange, problems);
        listeners.forEach(listener -> listener.checked(exchange, problems));
        return new Response(response.body(), response.statusCode());
    }

    private URI target(String path, String query) {
        String uri = gatewayUrl + path + (query == null ? "" : "?" + query);
        try {
            return URI.create(uri);
        } catch (IllegalArgumentException notEncoded) {
            // twilio-java puts path parameters (a unique name instead of a SID) into the path unencoded
            try {
                return URI.create(gatewayUrl + new URI(null, null, path, null).getRawPath()
                        + (query == null ? "" : "?" + query));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Cannot send " + uri, e);
            }
        }
    }

    private List<String> check(Exchange exchange) {
        List<String> problems = new ArrayList<>();
        int status = exchange.status();
        if (status >= 200 && status < 300) {
            for (String error : contract.check(exchange.method(), exchange.path(), status, exchange.contentType(),
                    exchange.body())) {
                problems.add(exchange + ": " + error);
            }
        } else if (status >= 400) {
            checkErrorShape(exchange).ifPresent(problem -> problems.add(exchange + ": " + problem));
        }
        return problems;
    }

    /** Twilio's error body: {@code {"code": 20404, "message": "...", "more_info": "https://...", "status": 404}}. */
    static Optional<String> checkErrorShape(Exchange exchange) {
        JsonNode error;
        try {
            error = JSON.readTree(exchange.body() == null ? "" : exchange.body());
        } catch (IOException e) {
            return Optional.of("error body is not JSON: " + abbreviate(exchange.body()));
        }
        List<String> wrong = new ArrayList<>();
        if (error == null || !error.isObject()) {
            return Optional.of("error body is not a JSON object: " + abbreviate(exchange.body()));
        }
        if (!error.path("code").isIntegralNumber()) {
            wrong.add("'code' is not an integer");
        }
        if (!error.path("message").isTextual() || error.path("message").asText().isBlank()) {
            wrong.add("'message' is missing");
        }
        if (!error.path("more_info").isTextual()) {
            wrong.add("'more_info' is missing");
        }
        if (!error.path("status").isIntegralNumber() || error.path("status").asInt() != exchange.status()) {
            wrong.add("'status' is not the HTTP status " + exchange.status());
        }
        return wrong.isEmpty() ? Optional.empty()
                : Optional.of("not a Twilio error (" + String.join(", ", wrong) + "): " + abbreviate(exchange.body()));
    }

    private synchronized void record(Exchange exchange, List<String> problems) {
        exchanges.addLast(exchange);
        if (exchanges.size() > KEPT_EXCHANGES) {
            exchanges.removeFirst();
        }
        if (violations.size() < KEPT_EXCHANGES) {
            violations.addAll(problems);
        }
    }

    /** From now on, {@code listener} is told of every checked exchange. */
    public void addListener(ExchangeListener listener) {
        listeners.add(listener);
    }

    /** Fails when any response so far broke the contract, listing each break. */
    public synchronized void assertNoContractViolations() {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " response(s) broke Twilio's Proxy v1 contract:"
                    + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", violations));
        }
    }

    /** The contract breaks so far (empty when every response conformed). */
    public synchronized List<String> contractViolations() {
        return List.copyOf(violations);
    }

    /** Forgets the breaks so far, for a test that provokes one on purpose and has asserted it. */
    public synchronized void clearContractViolations() {
        violations.clear();
    }

    /** The latest exchanges (up to 1000), oldest first. */
    public synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public synchronized Exchange lastExchange() {
        return exchanges.peekLast();
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "(no body)";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
