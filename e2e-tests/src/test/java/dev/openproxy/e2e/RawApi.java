package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The gateway's {@code /v1} API over plain HTTP for one account, for tests that send what no helper library would
 * (hostile values, wrong content types, broken paths) and compare raw answers.
 */
final class RawApi {

    static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer of the gateway. */
    record Reply(int status, String contentType, String body, Optional<String> retryAfter) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        int code() {
            return json().path("code").asInt();
        }

        String message() {
            return json().path("message").asText();
        }

        @Override
        public String toString() {
            return status + " " + (body.length() <= 300 ? body : body.substring(0, 300) + "...");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final String authorization;

    RawApi(String gatewayUrl, String user, String password) {
        this.gatewayUrl = gatewayUrl;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code pathAndQuery} is sent as given (already encoded); a body only with POST and other methods with one. */
    Reply send(String method, String pathAndQuery, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + pathAndQuery))
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30));
        if (method.equals("GET") || method.equals("DELETE") || body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null);
    }

    Reply post(String path, String form) {
        return send("POST", path, form, FORM);
    }

    Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** A POST that must succeed (setting up a test): its JSON. */
    JsonNode created(String path, String form) {
        Reply reply = post(path, form);
        if (reply.status() >= 300) {
            throw new AssertionError("Setup POST " + path + " failed: " + reply);
        }
        return reply.json();
    }

    /** A GET that must succeed: its JSON. */
    JsonNode read(String pathAndQuery) {
        Reply reply = get(pathAndQuery);
        if (reply.status() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " failed: " + reply);
        }
        return reply.json();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
