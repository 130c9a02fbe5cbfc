package dev.openproxy.routing.outbound;

import dev.openproxy.routing.carrier.Carrier;
import dev.openproxy.routing.carrier.CarrierException;
import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.interaction.Interaction;
import dev.openproxy.routing.interaction.InteractionProjection;
import dev.openproxy.routing.interaction.OutboxRowAdded;
import dev.openproxy.routing.interaction.RecordLegCommand;
import dev.openproxy.support.time.TwilioDates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.openproxy.routing.polling.BatchPoller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the outbox ({@code outbound_messages}) to the carrier. A due row is claimed with a lease (next_attempt_at
 * moved past the call's timeout, FOR UPDATE SKIP LOCKED, so several instances never take the same row), the carrier is
 * called outside any transaction, and the result is recorded: accepted -> the interaction's outbound leg gets the
 * carrier's SID and status (and the row is done, in the same transaction); a timeout, 429 or 5xx -> retried with
 * exponential backoff; a 4xx or too many attempts -> the leg is recorded as failed. A crash between the carrier's
 * acceptance and the record re-sends once after the lease (at-least-once; the I-Twilio-Idempotency-Token header
 * names the leg for carriers that de-duplicate).
 *
 * <p>Up to {@code openproxy.carrier.max-in-flight} legs are at the carrier at once, each on a sender thread of its own;
 * the poller claims only as many rows as there are free senders, so a claimed row is sent at once and its lease
 * (which keeps every other claim off it) runs from the moment its call starts: one carrier request per claim. The
 * poller runs every {@code poll-interval} (retries that came due, rows of other replicas) and at once when
 * {@link InteractionProjection} has committed a new row ({@link OutboxRowAdded}) or a busy sender became free.
 *
 * <p>Every carrier call is timed in {@code openproxy.routing.carrier.sends{outcome}}: {@code accepted}, {@code retried}
 * (timeout, 429, 5xx; tried again later), {@code failed} (a 4xx, or the last attempt: the leg is failed for good).
 */
@Component
public class OutboundSender extends BatchPoller {

    private static final Logger log = LoggerFactory.getLogger(OutboundSender.class);
    private static final int BATCH = 20;

    private final JdbcTemplate jdbc;
    private final Carrier carrier;
    private final CarrierProperties properties;
    private final CommandGateway commands;
    private final Timer accepted;
    private final Timer retried;
    private final Timer failed;
    private final Semaphore freeSenders;
    private final ExecutorService senders;
    /** The last round claimed every free sender: a sender that finishes wakes the poller, as more may be due. */
    private volatile boolean saturated;

    public OutboundSender(JdbcTemplate jdbc, Carrier carrier, CarrierProperties properties, CommandGateway commands,
                          MeterRegistry meters) {
        super("outbound-sender", BATCH);
        this.jdbc = jdbc;
        this.carrier = carrier;
        this.properties = properties;
        this.commands = commands;
        this.accepted = sends(meters, "accepted");
        this.retried = sends(meters, "retried");
        this.failed = sends(meters, "failed");
        this.freeSenders = new Semaphore(properties.maxInFlight());
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(properties.maxInFlight(), runnable -> {
            Thread thread = new Thread(runnable, "outbound-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static Timer sends(MeterRegistry meters, String outcome) {
        return Timer.builder("openproxy.routing.carrier.sends")
                .description("Outbound SMS legs sent to the carrier, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    record Claimed(String interactionSid, String from, String to, String body, int attempts) {
        @Override
        public String toString() {
            return "Claimed[" + interactionSid + "]";
        }
    }

    /** Claims at most {@code limit} due rows: each claim counts as an attempt and holds the row for twice the carrier timeout. */
    List<Claimed> claim(int limit) {
        Duration lease = properties.timeout().multipliedBy(2).plusSeconds(5);
        return jdbc.query("UPDATE outbound_messages SET attempts = attempts + 1, next_attempt_at = ? "
                        + "WHERE interaction_sid IN (SELECT interaction_sid FROM outbound_messages WHERE status = 'pending' "
                        + "AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                        + "RETURNING interaction_sid, from_number, to_number, body, attempts",
                (rs, i) -> new Claimed(rs.getString("interaction_sid"), rs.getString("from_number"),
                        rs.getString("to_number"), rs.getString("body"), rs.getInt("attempts")),
                Timestamp.from(Instant.now().plus(lease)), Timestamp.from(Instant.now()), limit);
    }

    /**
     * One round: claims as many due legs as there are free senders (at most a batch) and hands each to one; returns
     * how many were claimed. Only the poller's thread takes senders, so each claimed leg has one waiting for it.
     */
    int sendDue() {
        int free = Math.min(freeSenders.availablePermits(), BATCH);
        saturated = free == 0;
        if (free == 0) {
            return 0;
        }
        List<Claimed> due = claim(free);
        saturated = due.size() == free;
        for (Claimed leg : due) {
            freeSenders.acquireUninterruptibly();
            senders.execute(() -> {
                try {
                    send(leg);
                } finally {
                    freeSenders.release();
                    if (saturated) {
                        wake();
                    }
                }
            });
        }
        return due.size();
    }

    @EventListener
    void on(OutboxRowAdded added) {
        wake();
    }

    private void send(Claimed leg) {
        long started = System.nanoTime();
        try {
            Carrier.SentMessage sent;
            try {
                sent = carrier.sendSms(leg.from(), leg.to(), leg.body(), properties.statusCallbackUrl(),
                        leg.interactionSid());
            } catch (CarrierException e) {
                boolean retry = e.retryable() && leg.attempts() < properties.maxAttempts();
                (retry ? retried : failed).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                throw e;
            }
            accepted.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            commands.sendAndWait(new RecordLegCommand(leg.interactionSid(), Interaction.OUTBOUND, sent.sid(),
                    sent.status() == null ? "queued" : sent.status(), null, leg.attempts(), TwilioDates.now(), null));
            log.info("Interaction {}: outbound leg {} accepted by the carrier (attempt {})", leg.interactionSid(),
                    sent.sid(), leg.attempts());
        } catch (CarrierException e) {
            if (e.retryable() && leg.attempts() < properties.maxAttempts()) {
                Duration wait = properties.backoff(leg.attempts());
                jdbc.update("UPDATE outbound_messages SET next_attempt_at = ?, last_error = ? WHERE interaction_sid = ?",
                        Timestamp.from(Instant.now().plus(wait)), e.getMessage(), leg.interactionSid());
                log.warn("Interaction {}: carrier did not take the outbound leg (attempt {}: {}); retrying in {}",
                        leg.interactionSid(), leg.attempts(), e.getMessage(), wait);
            } else {
                jdbc.update("UPDATE outbound_messages SET last_error = ? WHERE interaction_sid = ?", e.getMessage(),
                        leg.interactionSid());
                commands.sendAndWait(new RecordLegCommand(leg.interactionSid(), Interaction.OUTBOUND, null, "failed",
                        e.status(), leg.attempts(), TwilioDates.now(), null));
                log.warn("Interaction {}: outbound leg failed for good after {} attempt(s): {}", leg.interactionSid(),
                        leg.attempts(), e.getMessage());
            }
        } catch (RuntimeException e) {
            // e.g. the database: the lease expires and the row is claimed again
            log.warn("Interaction {}: could not record the outbound leg: {}", leg.interactionSid(), e.toString());
        }
    }

    @Override
    protected int runBatch() {
        return sendDue();
    }

    @Override
    protected Duration interval() {
        return properties.pollInterval();
    }

    /** A carrier call in progress may take up to its timeout. */
    @Override
    protected Duration stopGrace() {
        return properties.timeout().plusSeconds(1);
    }

    /** Stops claiming, then lets the legs at the carrier finish and be recorded (the command bus is still up). */
    @Override
    public void stop() {
        super.stop();
        senders.shutdown();
        try {
            senders.awaitTermination(stopGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
