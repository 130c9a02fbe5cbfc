package dev.openproxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The gateway over HTTP/1.1, as an API client (HTTP Basic) and as the carrier (signed webhooks). */
final class Gateway {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Gateway(String baseUrl, String accountSid, String authToken) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpRequest post(String path, Map<String, String> form) {
        return post(path, CarrierSignature.form(form));
    }

    /** A POST of an encoded form, e.g. with a repeated parameter. */
    HttpRequest post(String path, String encodedForm) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encodedForm)).build();
    }

    HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Authorization", authorization).GET().build();
    }

    /** A carrier webhook: no Basic auth, signed for {@code publicUrl + path} with the carrier's token. */
    HttpRequest webhook(String publicUrl, String path, Map<String, String> params, String carrierToken) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", CarrierSignature.sign(carrierToken, publicUrl + path, params))
                .POST(HttpRequest.BodyPublishers.ofString(CarrierSignature.form(params))).build();
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends and expects a 2xx, for the set-up steps (retried a few times on connection failures). */
    JsonNode call(HttpRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = send(request);
                if (response.statusCode() / 100 != 2) {
                    // The method and status only: a path or body may hold a phone number.
                    throw new IllegalStateException(request.method() + " answered " + response.statusCode() + ": "
                            + errorCode(response.body()));
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                if (attempt == 3) {
                    throw new IllegalStateException(request.method() + " failed: " + e, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String field(String json, String name) {
        try {
            return JSON.readTree(json).path(name).asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    static String errorCode(String body) {
        String code = field(body, "code");
        return code == null ? "(no Twilio error code)" : "Twilio error " + code;
    }
}
