package dev.openproxy.routing.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Gets X-Twilio-Signature for a Service webhook from the gateway's internal port, which alone holds the accounts'
 * auth tokens (ADR 0011). Without a signer, or when it cannot sign, the webhook goes unsigned: it is still
 * delivered (an intercept must not block routing because the gateway is restarting), and the failure is logged.
 */
@Component
public class WebhookSigner {

    private static final Logger log = LoggerFactory.getLogger(WebhookSigner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookProperties properties;
    private final HttpClient http;

    public WebhookSigner(WebhookProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        if (!properties.signing()) {
            log.warn("No openproxy.webhooks.signer-url (PROXY_WEBHOOK_SIGNER_URL): Service webhooks are sent unsigned");
        }
    }

    public Optional<String> sign(String accountSid, String url, Map<String, List<String>> parameters) {
        if (!properties.signing()) {
            return Optional.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("parameters", parameters);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(properties.signerUrl() + "/internal/v1/Accounts/"
                            + accountSid + "/WebhookSignatures"))
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("The gateway did not sign a webhook of account {} (HTTP {}): sent unsigned", accountSid,
                        response.statusCode());
                return Optional.empty();
            }
            JsonNode answer = JSON.readTree(response.body());
            return Optional.ofNullable(answer.path("signature").asText(null));
        } catch (IOException e) {
            log.warn("The gateway's signer is unreachable ({}): a webhook of account {} is sent unsigned",
                    e.getClass().getSimpleName(), accountSid);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
