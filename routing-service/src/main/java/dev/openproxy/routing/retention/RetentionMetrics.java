package dev.openproxy.routing.retention;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether {@link RetentionJob} keeps up: {@code openproxy_routing_retention_due_sessions}, Sessions whose content is
 * past the retention period and not erased yet, and {@code openproxy_routing_retention_overdue_seconds}, how long past
 * the period the oldest of them is. Both stay near 0 while the job runs (a Session waits at most one check interval);
 * they grow when its rounds fail (logged at WARN) or no replica runs it. One query on the partial index
 * {@code known_sessions_retention_due}, cached for a few seconds; every replica reports the same (aggregate with
 * {@code max}). Not registered when retention is off.
 */
@Component
public class RetentionMetrics implements MeterBinder {

    private static final Duration CACHE = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final RetentionProperties properties;
    private volatile Backlog backlog = new Backlog(0, 0);
    private volatile Instant measuredAt = Instant.EPOCH;

    record Backlog(long sessions, double overdueSeconds) {
    }

    public RetentionMetrics(JdbcTemplate jdbc, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!properties.enabled()) {
            return;
        }
        Gauge.builder("openproxy.routing.retention.due", this, metrics -> metrics.backlog().sessions())
                .baseUnit("sessions")
                .description("Sessions past the retention period whose interaction content is not erased yet")
                // Micrometer holds a gauge's object weakly: without this a binder nobody else references reads NaN.
                .strongReference(true)
                .register(registry);
        Gauge.builder("openproxy.routing.retention.overdue", this, metrics -> metrics.backlog().overdueSeconds())
                .baseUnit("seconds")
                .description("How long past the retention period the oldest Session not yet erased is")
                .strongReference(true)
                .register(registry);
    }

    synchronized Backlog backlog() {
        if (Instant.now().isAfter(measuredAt.plus(CACHE))) {
            Instant now = Instant.now();
            Instant due = now.minus(properties.interactionContent());
            backlog = jdbc.queryForObject("SELECT count(*) AS sessions, min(closed_at) AS oldest FROM known_sessions "
                    + "WHERE closed_at IS NOT NULL AND closed_at <= ? AND content_erased_at IS NULL", (rs, row) -> {
                        Timestamp oldest = rs.getTimestamp("oldest");
                        double overdue = oldest == null ? 0 : Duration.between(oldest.toInstant(), due).toMillis() / 1000.0;
                        return new Backlog(rs.getLong("sessions"), overdue);
                    }, Timestamp.from(due));
            measuredAt = now;
        }
        return backlog;
    }
}
