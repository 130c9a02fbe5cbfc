package dev.openproxy.routing.retention;

import dev.openproxy.contracts.events.interaction.InteractionContentErasedEvent;
import dev.openproxy.routing.interaction.EraseContentCommand;
import dev.openproxy.routing.interaction.InteractionContent;
import dev.openproxy.support.time.TwilioDates;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
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
import java.util.concurrent.TimeUnit;

/**
 * Erases the interaction content of sessions closed longer than {@code openproxy.retention.interaction-content} ago
 * (docs/adr/0012-crypto-shredding.md, "Retention"). Every {@code check-interval}, one transaction claims a batch of due
 * sessions in {@code known_sessions} ({@code closed_at} old enough, {@code content_erased_at} not set) with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas never take the same session, and for each: erases its interactions'
 * content from the tables ({@link InteractionContent}: {@code interactions.data}, the outbox row's body and number, the
 * sandbox carrier's log), stores one {@code InteractionContentErasedEvent} per Interaction not deleted (the erasure
 * notice on {@code openproxy.interactions.v1}), forgets the session's data key with the keys of its interactions under
 * it (the bodies and partner numbers in the event store and on Kafka can no longer be decrypted; a re-opened session's
 * new interactions get new keys) and sets {@code content_erased_at}. Notices and key destruction commit together.
 * The state is all in the database: a restart resumes where it was.
 *
 * <p>A transaction stores at most {@code notices-per-round} (200) events. Their global indexes are taken at append and
 * become visible at commit: a transaction open longer than Axon's gap timeout (60 s) could have them skipped by the
 * Kafka publisher, which then never publishes them. A session with more Interactions than that is erased over several
 * rounds, Interaction by Interaction (notice, content, its key: {@link #eraseInteractions}); an Interaction whose key
 * is destroyed is done, so the next round continues after it. Its last round erases the session as a whole.
 *
 * <p>Counted in {@code openproxy.routing.retention.erased} (sessions). Logs SIDs and counts only.
 */
@Component
public class RetentionJob extends BatchPoller {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    static final int BATCH = 50;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final PersonalDataKeys keys;
    private final InteractionContent content;
    private final RetentionProperties properties;
    private final TransactionTemplate transactions;
    private final CommandGateway commands;
    private final Counter erased;

    public RetentionJob(JdbcTemplate jdbc, PersonalDataKeys keys, InteractionContent content, RetentionProperties properties,
                        PlatformTransactionManager transactionManager, CommandBus commandBus, MeterRegistry meters) {
        super("retention", BATCH);
        this.jdbc = jdbc;
        this.keys = keys;
        this.content = content;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        // Not the shared gateway: its retries of a lost optimistic-locking race run on another thread, outside this
        // transaction, and would commit a notice of a batch that rolls back. A failed command fails the round instead
        // (a conflict aborts the PostgreSQL transaction anyway); the next round takes the sessions again.
        this.commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
        this.erased = Counter.builder("openproxy.routing.retention.erased")
                .description("Sessions whose interaction content was erased by retention")
                .register(meters);
    }

    /**
     * One round, in one transaction: returns how many sessions it claimed, or {@link #BATCH} when it stopped at
     * {@code notices-per-round} (more is due: the poller runs another round at once).
     */
    public int eraseDue() {
        Integer done = transactions.execute(status -> {
            Instant due = Instant.now().minus(properties.interactionContent());
            List<String> sessions = jdbc.queryForList("SELECT sid FROM known_sessions WHERE closed_at IS NOT NULL "
                    + "AND closed_at <= ? AND content_erased_at IS NULL ORDER BY closed_at LIMIT ? FOR UPDATE SKIP LOCKED",
                    String.class, Timestamp.from(due), BATCH);
            int notices = properties.noticesPerRound();
            for (String session : sessions) {
                if (notices == 0) {
                    return BATCH;
                }
                List<String> pending = interactionsToAnnounce(session, notices + 1);
                if (pending.size() > notices) {
                    eraseInteractions(session, pending.subList(0, notices));
                    return BATCH;
                }
                erase(session, pending);
                notices -= pending.size();
            }
            return sessions.size();
        });
        return done == null ? 0 : done;
    }

    /**
     * The session's Interactions that get a notice: not deleted (their notice was {@code interaction.deleted}), and
     * whose key is not destroyed yet (erased by an earlier round of this session, or before the session was re-opened).
     */
    private List<String> interactionsToAnnounce(String session, int limit) {
        return jdbc.queryForList("SELECT i.sid FROM interactions i WHERE i.session_sid = ? AND NOT i.deleted "
                + "AND NOT EXISTS (SELECT 1 FROM personal_data_keys k WHERE k.scope_id = i.sid AND k.erased_at IS NOT NULL) "
                + "ORDER BY i.date_created, i.sid LIMIT ?", String.class, session, limit);
    }

    private void erase(String session, List<String> interactions) {
        // The notices first: their commands lock the aggregate, then its event and projection rows, in the order every
        // other command on an Interaction does; erasing the table content first would lock the rows before the
        // aggregate and could stall a concurrent command on the same Interaction.
        announce(interactions);
        InteractionContent.Erased erasedContent = content.eraseOfSession(session);
        keys.forget(session);
        jdbc.update("UPDATE known_sessions SET content_erased_at = now() WHERE sid = ?", session);
        erased.increment();
        log.info("Retention: session {} closed more than {} ago: content of {} interaction(s) erased, {} outbox row(s) "
                + "cleared, {} sandbox message(s) deleted, data keys destroyed, {} erasure notice(s)", session,
                properties.interactionContent(), erasedContent.interactions(), erasedContent.outboxRows(),
                erasedContent.sandboxMessages(), interactions.size());
    }

    /** Part of a large session: these Interactions are erased one by one; the session stays due. */
    private void eraseInteractions(String session, List<String> interactions) {
        announce(interactions); // first, as in erase
        for (String interaction : interactions) {
            content.eraseOfInteraction(interaction);
        }
        for (String interaction : interactions) {
            keys.erase(interaction);
        }
        log.info("Retention: session {}: content of {} more interaction(s) erased, the rest in the next round", session,
                interactions.size());
    }

    private void announce(List<String> interactions) {
        Instant now = TwilioDates.now();
        for (String interaction : interactions) {
            commands.sendAndWait(new EraseContentCommand(interaction, InteractionContentErasedEvent.RETENTION, now),
                    COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
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
