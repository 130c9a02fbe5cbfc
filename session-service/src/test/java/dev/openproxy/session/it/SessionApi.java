package dev.openproxy.session.it;

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

/** Talks to a running session-service as the gateway would: form-encoded bodies and the account header. */
final class SessionApi {

    record Reply(int status, JsonNode body) {
        String text(String field) {
            return body.path(field).isNull() ? null : body.path(field).asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    SessionApi(int port) {
        this.baseUrl = "http://localhost:" + port;
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

    /** Name/value pairs in order; a name may repeat (Twilio's array parameters, such as Participants). */
    private static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
