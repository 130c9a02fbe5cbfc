package dev.openproxy.routing.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The Service webhooks (CallbackUrl, InterceptCallbackUrl, OutOfSessionCallbackUrl) and where they get signed.
 *
 * @param signerUrl      the gateway's internal port (PROXY_WEBHOOK_SIGNER_URL, e.g. http://api-gateway:8090), which
 *                       signs with the account's auth token (ADR 0011); empty = webhooks go unsigned, with a warning
 * @param timeout        of one webhook call. Intercept and out-of-session answers are awaited inside the carrier's
 *                       own webhook (Twilio waits 15 s), so keep it well below that; a timed-out intercept lets the
 *                       contact through, as Twilio documents
 * @param sessionService base URL of session-service, which creates the sessions that auto-create JSON asks for
 */
@ConfigurationProperties("openproxy.webhooks")
public record WebhookProperties(String signerUrl, Duration timeout, String sessionService) {

    public WebhookProperties {
        signerUrl = trimSlash(signerUrl);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        sessionService = trimSlash(sessionService == null || sessionService.isBlank() ? "http://localhost:8081"
                : sessionService);
    }

    public boolean signing() {
        return !signerUrl.isEmpty();
    }

    private static String trimSlash(String url) {
        String trimmed = url == null ? "" : url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
