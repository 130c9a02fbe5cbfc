package dev.openproxy.gateway.ratelimit;

import dev.openproxy.gateway.edge.ApiEndpoint;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Twilio Proxy's rate limits (limits page: per Service and per endpoint, 30 requests per second on average over a
 * sliding 5-second window, so bursts up to 5x; the Service list per account). A bucket admits
 * {@code requestsPerSecond x window} requests in any window.
 *
 * @param enabled           false lets every request through (no counting at all)
 * @param requestsPerSecond the average rate allowed over the window
 * @param window            the sliding window, whole seconds (1 to 60)
 * @param endpoints         another average rate for some endpoints, keyed {@code "METHOD template"}, e.g.
 *                          {@code "POST /v1/Services/{ServiceSid}/Sessions"} (templates as in {@link ApiEndpoint})
 * @param cleanupInterval   how often counters of past windows are deleted
 */
@ConfigurationProperties("openproxy.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30") int requestsPerSecond,
        @DefaultValue("5s") Duration window,
        Map<String, Integer> endpoints,
        @DefaultValue("10s") Duration cleanupInterval) {

    public RateLimitProperties {
        Map<String, Integer> normalised = new java.util.HashMap<>();
        (endpoints == null ? Map.<String, Integer>of() : endpoints)
                .forEach((name, rate) -> normalised.put(name.trim().replaceAll("\\s+", " "), rate));
        endpoints = Map.copyOf(normalised);
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException("openproxy.gateway.rate-limit.requests-per-second must be at least 1");
        }
        if (window.toMillis() % 1000 != 0 || window.toSeconds() < 1 || window.toSeconds() > 60) {
            throw new IllegalArgumentException("openproxy.gateway.rate-limit.window must be 1 to 60 whole seconds");
        }
        endpoints.forEach((name, rate) -> {
            if (ApiEndpoint.byName(name).isEmpty()) {
                throw new IllegalArgumentException("openproxy.gateway.rate-limit.endpoints: '" + name
                        + "' is not METHOD and template of an endpoint, e.g. 'GET /v1/Services/{ServiceSid}/Sessions'");
            }
            if (rate == null || rate < 1) {
                throw new IllegalArgumentException("openproxy.gateway.rate-limit.endpoints: the rate of '" + name
                        + "' must be at least 1");
            }
        });
    }

    public int windowSeconds() {
        return (int) window.toSeconds();
    }

    /** How many requests the endpoint admits in one window. */
    public int limit(String method, ApiEndpoint endpoint) {
        return rate(method, endpoint) * windowSeconds();
    }

    private int rate(String method, ApiEndpoint endpoint) {
        return endpoints.getOrDefault(method + " " + endpoint.template(), requestsPerSecond);
    }
}
