package dev.openproxy.numberpool.metrics;

import dev.openproxy.numberpool.config.PoolProperties;
import dev.openproxy.numberpool.usage.PoolUsageRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Capacity per Service, tagged {@code service_sid} (never a phone number: numbers are PN SIDs in logs, and in no label):
 * <ul>
 * <li>{@code openproxy_pool_numbers}, {@code openproxy_pool_numbers_reserved}, {@code openproxy_pool_numbers_unreserved}</li>
 * <li>{@code openproxy_pool_busiest_number_active_participants}: the most active participants on one number</li>
 * <li>{@code openproxy_pool_numbers_over_recommended_participants}: numbers above Twilio's recommended 100 active
 * participants (https://www.twilio.com/docs/proxy/phone-numbers-needed), and the counter
 * {@code openproxy_pool_recommended_participants_exceeded_total} of the times a number crossed that line</li>
 * </ul>
 * The gauges are recounted with one GROUP BY every {@code openproxy.pool.metrics-refresh-interval}.
 */
@Component
public class PoolMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(PoolMetrics.class);
    private static final String SERVICE = "service_sid";

    private final JdbcTemplate jdbc;
    private final PoolProperties properties;
    private volatile MeterRegistry registry;
    private MultiGauge numbers;
    private MultiGauge reserved;
    private MultiGauge unreserved;
    private MultiGauge busiest;
    private MultiGauge overRecommended;

    public PoolMetrics(JdbcTemplate jdbc, PoolProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        numbers = MultiGauge.builder("openproxy.pool.numbers").description("Phone numbers in the Service's pool").register(registry);
        reserved = MultiGauge.builder("openproxy.pool.numbers.reserved").description("Reserved phone numbers in the Service's pool").register(registry);
        unreserved = MultiGauge.builder("openproxy.pool.numbers.unreserved").description("Unreserved phone numbers in the Service's pool").register(registry);
        busiest = MultiGauge.builder("openproxy.pool.busiest.number.active.participants")
                .description("Active participants on the Service's busiest number").register(registry);
        overRecommended = MultiGauge.builder("openproxy.pool.numbers.over.recommended.participants")
                .description("Numbers with more active participants than recommended (openproxy.pool.recommended-active-participants)")
                .register(registry);
        refresh();
    }

    /** Recounts the gauges; Services with no numbers left drop out. */
    @Scheduled(fixedDelayString = "${openproxy.pool.metrics-refresh-interval:PT15S}",
            initialDelayString = "${openproxy.pool.metrics-refresh-interval:PT15S}")
    public synchronized void refresh() {
        if (registry == null) {
            return;
        }
        List<MultiGauge.Row<?>> total = new ArrayList<>();
        List<MultiGauge.Row<?>> reservedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> unreservedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> busiestRows = new ArrayList<>();
        List<MultiGauge.Row<?>> overRows = new ArrayList<>();
        try {
            jdbc.query("SELECT service_sid, count(*) AS total, count(*) FILTER (WHERE is_reserved) AS reserved, "
                            + "max(active_participants) AS busiest, count(*) FILTER (WHERE active_participants > ?) AS over "
                            + "FROM pool_numbers GROUP BY service_sid",
                    rs -> {
                        Tags tags = Tags.of(SERVICE, rs.getString("service_sid"));
                        long all = rs.getLong("total");
                        long reservedCount = rs.getLong("reserved");
                        total.add(MultiGauge.Row.of(tags, all));
                        reservedRows.add(MultiGauge.Row.of(tags, reservedCount));
                        unreservedRows.add(MultiGauge.Row.of(tags, all - reservedCount));
                        busiestRows.add(MultiGauge.Row.of(tags, rs.getLong("busiest")));
                        overRows.add(MultiGauge.Row.of(tags, rs.getLong("over")));
                    }, properties.recommendedActiveParticipants());
        } catch (RuntimeException e) {
            log.warn("Could not recount the pool gauges: {}", e.toString());
            return;
        }
        numbers.register(total, true);
        reserved.register(reservedRows, true);
        unreserved.register(unreservedRows, true);
        busiest.register(busiestRows, true);
        overRecommended.register(overRows, true);
    }

    /** Called after a number's usage was recounted: warns once when it crosses the recommended participant count. */
    public void usageChanged(PoolUsageRepository.Recount recount) {
        int limit = properties.recommendedActiveParticipants();
        if (recount.participantsBefore() > limit || recount.participantsAfter() <= limit) {
            return;
        }
        Runnable warn = () -> {
            log.warn("Phone number {} of Service {} has {} active participants, more than the recommended {}",
                    recount.phoneNumberSid(), recount.serviceSid(), recount.participantsAfter(), limit);
            MeterRegistry current = registry;
            if (current != null) {
                Counter.builder("openproxy.pool.recommended.participants.exceeded")
                        .description("Times a number went above the recommended active participants")
                        .tag(SERVICE, recount.serviceSid())
                        .register(current)
                        .increment();
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    warn.run();
                }
            });
        } else {
            warn.run();
        }
    }
}
