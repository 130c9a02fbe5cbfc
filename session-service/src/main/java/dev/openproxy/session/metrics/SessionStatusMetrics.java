package dev.openproxy.session.metrics;

import dev.openproxy.session.sessions.api.SessionStatus;
import dev.openproxy.session.sessions.query.SessionRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code openproxy_sessions{status=...}}: sessions in the read model by status. Counted with one GROUP BY,
 * cached for a few seconds so a scrape reads each status without querying the database once per status.
 */
@Component
public class SessionStatusMetrics implements MeterBinder {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final SessionRepository sessions;
    private volatile Map<String, Long> counts = Map.of();
    private volatile Instant countedAt = Instant.EPOCH;

    public SessionStatusMetrics(SessionRepository sessions) {
        this.sessions = sessions;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String status : SessionStatus.ALL) {
            Gauge.builder("openproxy.sessions", this, metrics -> metrics.count(status))
                    .description("Sessions by status")
                    .tag("status", status)
                    .register(registry);
        }
    }

    private synchronized double count(String status) {
        if (Instant.now().isAfter(countedAt.plus(CACHE))) {
            counts = sessions.countByStatus();
            countedAt = Instant.now();
        }
        return counts.getOrDefault(status, 0L);
    }
}
