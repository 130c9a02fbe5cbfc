package dev.openproxy.participant.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.support.account.AccountHeader;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Talks to a running participant-service as the gateway (or session-service) would: form bodies and the account header. */
final class ParticipantApi {

    record Reply(int status, JsonNode body) {
        String text(String field) {
            return body.path(field).isNull() || body.path(field).isMissingNode() ? null : body.path(field).asText();
        }

        int code() {
            return body.path("code").asInt();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ParticipantApi(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    static String participants(String service, String session) {
        return "/v1/Services/" + service + "/Sessions/" + session + "/Participants";
    }

    static String reactivation(String session) {
        return "/internal/v1/Sessions/" + session + "/Reactivation";
    }

    Reply post(String account, String path, String... pairs) {
        return send(account, HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(pairs))));
    }

    Reply get(String account, String path) {
        return send(account, HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Reply delete(String account, String path) {
        return send(account, HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    private Reply send(String account, HttpRequest.Builder request) {
        if (account != null) {
            request.header(AccountHeader.NAME, account);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parts.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return parts.stream().collect(Collectors.joining("&"));
    }
}
