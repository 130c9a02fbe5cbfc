package dev.openproxy.gateway.ratelimit;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.gateway.auth.AuthenticatedAccount;
import dev.openproxy.gateway.edge.ApiEndpoint;
import dev.openproxy.gateway.edge.ResolvedEndpoint;
import dev.openproxy.gateway.error.TwilioErrorWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Twilio's Proxy rate limits at the edge: each (account, method, endpoint, Service) is a bucket, except the Service
 * list, whose bucket is (account, method, endpoint). Over the limit: 429 with error 20429 and {@code Retry-After}.
 * The account is part of every bucket, so requests naming another account's Service never use up its owner's
 * limit. If the counters cannot be reached the request is let through: the limit protects the services, it is not
 * a reason to refuse a request that would otherwise succeed.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    /** Longer Service segments (a UniqueName, or junk) are hashed, so a bucket name stays short. */
    private static final int MAX_PLAIN_SEGMENT = 64;

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final Clock clock;
    private final TwilioErrorWriter errors;
    private final MeterRegistry meters;
    private final Counter failures;

    public RateLimitFilter(RateLimiter limiter, RateLimitProperties properties, Clock clock, TwilioErrorWriter errors,
                           MeterRegistry meters) {
        this.limiter = limiter;
        this.properties = properties;
        this.clock = clock;
        this.errors = errors;
        this.meters = meters;
        this.failures = Counter.builder("openproxy.gateway.rate.limit.failures")
                .description("Requests let through unchecked because the rate-limit counters could not be reached")
                .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ResolvedEndpoint> resolved = ResolvedEndpoint.of(request);
        Optional<String> account = AuthenticatedAccount.of(request);
        if (!properties.enabled() || resolved.isEmpty() || account.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        ResolvedEndpoint endpoint = resolved.get();
        RateLimiter.Decision decision;
        try {
            decision = limiter.acquire(bucket(account.get(), endpoint), properties.limit(endpoint.method(), endpoint.endpoint()),
                    properties.windowSeconds(), clock.instant().getEpochSecond());
        } catch (DataAccessException unavailable) {
            failures.increment();
            log.warn("Rate limit not checked for {} {}: counters unavailable ({})", endpoint.method(),
                    endpoint.endpoint().template(), unavailable.getMostSpecificCause().getClass().getSimpleName());
            chain.doFilter(request, response);
            return;
        }
        if (!decision.allowed()) {
            meters.counter("openproxy.gateway.rate.limited", "method", endpoint.method(),
                    "endpoint", endpoint.endpoint().template()).increment();
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(decision.retryAfterSeconds()));
            errors.write(response, ErrorCode.TOO_MANY_REQUESTS.error("Too many requests"));
            return;
        }
        chain.doFilter(request, response);
    }

    /** {@code AC... GET /v1/Services/{ServiceSid}/Sessions KS...}; the Service list has no Service part. */
    static String bucket(String accountSid, ResolvedEndpoint endpoint) {
        String name = accountSid + " " + endpoint.method() + " " + endpoint.endpoint().template();
        if (endpoint.endpoint().scope() == ApiEndpoint.Scope.ACCOUNT) {
            return name;
        }
        String service = endpoint.serviceSegment();
        return name + " " + (service.length() <= MAX_PLAIN_SEGMENT && service.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                ? service : "#" + sha256(service));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
