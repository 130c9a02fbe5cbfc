package dev.openproxy.routing.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.support.account.AccountHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Auto-create session JSON from an OutOfSessionCallbackUrl ({@code uniqueName}, {@code mode}, {@code ttl},
 * {@code dateExpiry}, {@code participantIdentifier} (required), {@code participantProxyIdentifier}): creates the
 * Session through session-service, with the sender (on the proxy number it used) and the named participant inline,
 * so that either both exist or neither does. session-service answers once its events are on Kafka (ADR 0006).
 */
@Component
public class SessionAutoCreator {

    private static final Logger log = LoggerFactory.getLogger(SessionAutoCreator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookProperties properties;
    private final HttpClient http;

    public SessionAutoCreator(WebhookProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    /** The new session's SID, or empty when the JSON is unusable or session-service refused (both logged). */
    public Optional<String> create(String accountSid, String serviceSid, String sender, String proxyNumber, String json) {
        JsonNode spec;
        try {
            spec = JSON.readTree(json);
        } catch (IOException e) {
            log.warn("Auto-create answer for Service {} is not JSON: not created (80913)", serviceSid);
            return Optional.empty();
        }
        String partner = text(spec, "participantIdentifier");
        if (spec == null || !spec.isObject() || partner == null) {
            log.warn("Auto-create answer for Service {} has no participantIdentifier: not created (80913)", serviceSid);
            return Optional.empty();
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        InteractionParameters.put(form, "UniqueName", text(spec, "uniqueName"));
        InteractionParameters.put(form, "Mode", text(spec, "mode"));
        InteractionParameters.put(form, "Ttl", text(spec, "ttl"));
        InteractionParameters.put(form, "DateExpiry", text(spec, "dateExpiry"));
        Map<String, String> second = new LinkedHashMap<>();
        second.put("Identifier", partner);
        if (text(spec, "participantProxyIdentifier") != null) {
            second.put("ProxyIdentifier", text(spec, "participantProxyIdentifier"));
        }
        try {
            form.put("Participants", List.of(
                    JSON.writeValueAsString(Map.of("Identifier", sender, "ProxyIdentifier", proxyNumber)),
                    JSON.writeValueAsString(second)));
            HttpRequest request = HttpRequest.newBuilder(URI.create(properties.sessionService() + "/v1/Services/"
                            + serviceSid + "/Sessions"))
                    .timeout(properties.timeout().multipliedBy(2))
                    .header(AccountHeader.NAME, accountSid)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(ServiceWebhookClient.form(form)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                log.warn("Auto-create in Service {} refused by session-service: HTTP {} (code {})", serviceSid,
                        response.statusCode(), JSON.readTree(response.body()).path("code").asText("?"));
                return Optional.empty();
            }
            return Optional.ofNullable(JSON.readTree(response.body()).path("sid").asText(null));
        } catch (IOException e) {
            log.warn("Auto-create in Service {}: session-service unreachable ({})", serviceSid, e.getClass().getSimpleName());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String text(JsonNode spec, String field) {
        if (spec == null) {
            return null;
        }
        JsonNode value = spec.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
