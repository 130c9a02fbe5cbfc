package dev.openproxy.routing.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Retention of interaction content (docs/privacy.md, docs/operations.md).
 *
 * @param interactionContent how long after its session closed an interaction's content (message body, call data, and
 *                           the personal fields of the session's interaction events) is kept; default 90 days, as
 *                           Twilio
 * @param checkInterval      how often {@link RetentionJob} looks for sessions due; default 1 minute
 * @param enabled            false switches the job off (content is then kept until the session is deleted)
 * @param noticesPerRound    at most this many {@code InteractionContentErasedEvent}s are stored by one transaction of
 *                           {@link RetentionJob} (so that it stays far below Axon's gap timeout); default 200
 */
@ConfigurationProperties("openproxy.retention")
public record RetentionProperties(Duration interactionContent, Duration checkInterval, Boolean enabled,
                                  Integer noticesPerRound) {

    public RetentionProperties {
        interactionContent = interactionContent == null ? Duration.ofDays(90) : interactionContent;
        checkInterval = checkInterval == null ? Duration.ofMinutes(1) : checkInterval;
        enabled = enabled == null || enabled;
        noticesPerRound = noticesPerRound == null ? 200 : noticesPerRound;
        if (interactionContent.isNegative() || checkInterval.isNegative() || checkInterval.isZero() || noticesPerRound < 1) {
            throw new IllegalArgumentException("openproxy.retention: interaction-content must be >= 0, check-interval > 0 "
                    + "and notices-per-round >= 1");
        }
    }
}
