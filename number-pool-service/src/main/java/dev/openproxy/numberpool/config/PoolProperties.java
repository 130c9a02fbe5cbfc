package dev.openproxy.numberpool.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The pool's limits ({@code openproxy.pool.*}). Defaults are Twilio's: "5000 reserved phone numbers and 500 unreserved
 * phone numbers per Proxy Service" (https://www.twilio.com/docs/proxy/api/phone-number), and at most 100 active
 * participants per number (https://www.twilio.com/docs/proxy/phone-numbers-needed).
 *
 * @param maxReserved                   reserved numbers a Service may hold
 * @param maxUnreserved                 unreserved numbers a Service may hold
 * @param recommendedActiveParticipants above this many active participants on one number, the warning metric counts it
 * @param metricsRefreshInterval        how often the per-Service gauges are recounted from the database
 */
@ConfigurationProperties("openproxy.pool")
public record PoolProperties(
        @DefaultValue("5000") int maxReserved,
        @DefaultValue("500") int maxUnreserved,
        @DefaultValue("100") int recommendedActiveParticipants,
        @DefaultValue("PT15S") Duration metricsRefreshInterval) {

    public PoolProperties {
        if (maxReserved < 0 || maxUnreserved < 0 || recommendedActiveParticipants < 0) {
            throw new IllegalArgumentException("openproxy.pool limits must be 0 or greater");
        }
    }

    /** The limit of the half of the pool a number is in. */
    public int limit(boolean reserved) {
        return reserved ? maxReserved : maxUnreserved;
    }
}
