package dev.openproxy.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.openproxy.testsupport.carrier.CarrierWebhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The public {@code /v1} API over plain HTTP with the account's Basic auth, as any client sees it: a request either
 * gets an answer (status and JSON) or fails ({@link Answer#NO_ANSWER}: refused, reset or timed out while a process
 * is down). Nothing is retried here; the load decides.
 */
final class GatewayApi {

    /** A status and the JSON body; status 0 when no answer came at all. */
    record Answer(int status, JsonNode body) {
        static final Answer NO_ANSWER = new Answer(0, MissingNode.getInstance());

        boolean accepted() {
            return status >= 200 && status < 300;
        }

        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String gatewayUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    GatewayApi(String gatewayUrl, String accountSid, String authToken) {
        this.gatewayUrl = gatewayUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    }

    Answer post(String path, Map<String, String> form) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(CarrierWebhooks.form(form))));
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gatewayUrl + path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    /** An error page from a proxy that is not JSON still has a status worth recording. */
    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            return Answer.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.NO_ANSWER;
        }
    }
}
