package dev.openproxy.routing.carrier;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The carrier this service speaks to (DESIGN.md section 4), from PROXY_CARRIER_BASE_URL, PROXY_CARRIER_ACCOUNT_SID,
 * PROXY_CARRIER_AUTH_TOKEN and PROXY_PUBLIC_URL (application.yml).
 *
 * @param baseUrl       a Twilio-compatible REST API, e.g. https://api.twilio.com; empty = the built-in sandbox carrier
 * @param authToken     signs the carrier's webhooks (X-Twilio-Signature) and authenticates our calls to it
 * @param publicUrl     where the carrier reaches the gateway: the URL that webhooks are signed for, and the base of
 *                      the StatusCallback we give the carrier
 * @param timeout       of one call to the carrier
 * @param retryInitial  backoff before the second attempt of an outbound leg, doubled each time up to retryMax
 * @param maxAttempts   after so many retryable failures the leg is recorded as failed
 * @param pollInterval  how often the outbox is looked at without a wake-up (retries come due, other replicas' rows)
 * @param maxInFlight   outbound legs at the carrier at once, per instance
 */
@ConfigurationProperties("openproxy.carrier")
public record CarrierProperties(String baseUrl, String accountSid, String authToken, String publicUrl,
                                Duration timeout, Duration retryInitial, Duration retryMax, Integer maxAttempts,
                                Duration pollInterval, Integer maxInFlight) {

    public CarrierProperties {
        baseUrl = trimSlash(baseUrl);
        publicUrl = trimSlash(publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl);
        accountSid = accountSid == null ? "" : accountSid;
        authToken = authToken == null ? "" : authToken;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        retryInitial = retryInitial == null ? Duration.ofSeconds(1) : retryInitial;
        retryMax = retryMax == null ? Duration.ofMinutes(5) : retryMax;
        maxAttempts = maxAttempts == null ? 12 : maxAttempts;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        maxInFlight = maxInFlight == null || maxInFlight < 1 ? 8 : maxInFlight;
    }

    public boolean sandbox() {
        return baseUrl == null || baseUrl.isBlank();
    }

    public String statusCallbackUrl() {
        return publicUrl + "/carrier/twilio/message-status";
    }

    /** Twilio's URL of a message (SM...) or call (CA...) at this carrier (the sandbox's own listing when there is none). */
    public String messageUrl(String resourceSid) {
        boolean call = resourceSid.startsWith("CA");
        if (sandbox()) {
            return publicUrl + (call ? "/sandbox/calls/" : "/sandbox/messages/") + resourceSid;
        }
        return baseUrl + "/2010-04-01/Accounts/" + accountSid + (call ? "/Calls/" : "/Messages/") + resourceSid + ".json";
    }

    /** The delay before attempt {@code attempts + 1}: exponential, capped. */
    public Duration backoff(int attempts) {
        long millis = retryInitial.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, retryMax.toMillis()));
    }

    private static String trimSlash(String url) {
        if (url == null) {
            return "";
        }
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    @Override
    public String toString() {
        return "CarrierProperties[baseUrl=" + baseUrl + ", accountSid=" + accountSid + ", publicUrl=" + publicUrl + "]";
    }
}
