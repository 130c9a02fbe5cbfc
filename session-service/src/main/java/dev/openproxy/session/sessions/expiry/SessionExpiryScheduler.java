package dev.openproxy.session.sessions.expiry;

import dev.openproxy.session.sessions.api.ExpireSessionCommand;
import dev.openproxy.session.sessions.query.SessionRepository;
import dev.openproxy.support.time.TwilioDates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Closes sessions whose Ttl or DateExpiry has been reached. The due times live in PostgreSQL (the projection's
 * {@code expires_at}, derived from the events), so nothing is forgotten across restarts: after a restart the first
 * poll closes whatever fell due while the service was down. Several replicas may poll at once: the aggregate
 * re-checks the due time, and a concurrent duplicate only loses an optimistic-locking race.
 * See docs/adr/0003-session-expiry.md.
 */
@Component
public class SessionExpiryScheduler {

    private static final Logger log = LoggerFactory.getLogger(SessionExpiryScheduler.class);
    private static final int BATCH = 500;

    private final SessionRepository sessions;
    private final CommandGateway commands;
    private final Counter failures;

    public SessionExpiryScheduler(SessionRepository sessions, CommandGateway commands, MeterRegistry meters) {
        this.sessions = sessions;
        this.commands = commands;
        this.failures = Counter.builder("openproxy.sessions.expiry.failures")
                .description("Due sessions that could not be closed on this poll (retried on the next)")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${openproxy.sessions.expiry-poll-interval:PT1S}")
    public void closeDueSessions() {
        Instant now = TwilioDates.now();
        List<String> due = sessions.dueForExpiry(now, BATCH);
        for (String sessionSid : due) {
            try {
                commands.sendAndWait(new ExpireSessionCommand(sessionSid, now));
            } catch (RuntimeException e) {
                failures.increment();
                log.warn("Could not close due session {} (will retry): {}", sessionSid, e.toString());
            }
        }
    }
}
