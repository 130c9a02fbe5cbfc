package dev.openproxy.gateway.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Deletes rate-limit counters that no window can reach any more. Every replica runs it; deleting the same old rows
 * twice is harmless. A minute of margin covers replicas whose clocks differ a little.
 */
@Component
class RateLimitBucketCleanup {

    private static final Logger log = LoggerFactory.getLogger(RateLimitBucketCleanup.class);
    private static final long MARGIN_SECONDS = 60;

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final Clock clock;

    RateLimitBucketCleanup(RateLimiter limiter, RateLimitProperties properties, Clock clock) {
        this.limiter = limiter;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${openproxy.gateway.rate-limit.cleanup-interval:10s}",
            initialDelayString = "${openproxy.gateway.rate-limit.cleanup-interval:10s}")
    void deleteOldCounters() {
        if (!properties.enabled()) {
            return;
        }
        try {
            limiter.deleteBefore(clock.instant().getEpochSecond() - properties.windowSeconds() - MARGIN_SECONDS);
        } catch (DataAccessException unavailable) {
            log.warn("Old rate-limit counters not deleted: database unavailable ({})",
                    unavailable.getMostSpecificCause().getClass().getSimpleName());
        }
    }
}
