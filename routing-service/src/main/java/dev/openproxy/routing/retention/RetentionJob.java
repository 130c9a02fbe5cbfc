package dev.openproxy.routing.retention;

import dev.openproxy.routing.interaction.InteractionContent;
import dev.openproxy.support.personal.PersonalDataKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.openproxy.routing.polling.BatchPoller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Erases the interaction content of sessions closed longer than {@code openproxy.retention.interaction-content} ago
 * (docs/adr/0012-crypto-shredding.md, "Retention"). Every {@code check-interval}, one transaction claims a batch of due
 * sessions in {@code known_sessions} ({@code closed_at} old enough, {@code content_erased_at} not set) with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas never take the same session, and for each: erases its interactions'
 * content from the tables ({@link InteractionContent}: {@code interactions.data}, the outbox row's body and number, the
 * sandbox carrier's log), forgets the session's data key with the keys of its interactions under it (the bodies and
 * partner numbers in the event store and on Kafka can no longer be decrypted; a re-opened session's new interactions
 * get new keys) and sets {@code content_erased_at}. The state is all in the database: a restart resumes where it was.
 *
 * <p>Counted in {@code openproxy.routing.retention.erased} (sessions). Logs SIDs and counts only.
 */
@Component
public class RetentionJob extends BatchPoller {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    static final int BATCH = 50;

    private final JdbcTemplate jdbc;
    private final PersonalDataKeys keys;
    private final InteractionContent content;
    private final RetentionProperties properties;
    private final TransactionTemplate transactions;
    private final Counter erased;

    public RetentionJob(JdbcTemplate jdbc, PersonalDataKeys keys, InteractionContent content, RetentionProperties properties,
                        PlatformTransactionManager transactionManager, MeterRegistry meters) {
        super("retention", BATCH);
        this.jdbc = jdbc;
        this.keys = keys;
        this.content = content;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.erased = Counter.builder("openproxy.routing.retention.erased")
                .description("Sessions whose interaction content was erased by retention")
                .register(meters);
    }

    /** One batch, in one transaction: returns how many sessions were erased. */
    public int eraseDue() {
        Integer done = transactions.execute(status -> {
            Instant due = Instant.now().minus(properties.interactionContent());
            List<String> sessions = jdbc.queryForList("SELECT sid FROM known_sessions WHERE closed_at IS NOT NULL "
                    + "AND closed_at <= ? AND content_erased_at IS NULL ORDER BY closed_at LIMIT ? FOR UPDATE SKIP LOCKED",
                    String.class, Timestamp.from(due), BATCH);
            for (String session : sessions) {
                erase(session);
            }
            return sessions.size();
        });
        return done == null ? 0 : done;
    }

    private void erase(String session) {
        InteractionContent.Erased erasedContent = content.eraseOfSession(session);
        keys.forget(session);
        jdbc.update("UPDATE known_sessions SET content_erased_at = now() WHERE sid = ?", session);
        erased.increment();
        log.info("Retention: session {} closed more than {} ago: content of {} interaction(s) erased, {} outbox row(s) "
                + "cleared, {} sandbox message(s) deleted, data keys destroyed", session, properties.interactionContent(),
                erasedContent.interactions(), erasedContent.outboxRows(), erasedContent.sandboxMessages());
    }

    @Override
    protected int runBatch() {
        return eraseDue();
    }

    @Override
    protected Duration interval() {
        return properties.checkInterval();
    }

    @Override
    protected Duration stopGrace() {
        return Duration.ofSeconds(10);
    }

    @Override
    protected boolean enabled() {
        if (!properties.enabled()) {
            log.info("Retention of interaction content is off (openproxy.retention.enabled=false)");
        }
        return properties.enabled();
    }
}
