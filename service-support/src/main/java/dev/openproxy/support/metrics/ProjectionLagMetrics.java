package dev.openproxy.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code openproxy_projection_lag_records{consumer,topic}}: records of a topic that a Kafka-fed projection has not
 * applied yet, from the projection's own stored positions ({@code projection_offsets}, shared by the replicas) and the
 * topic's end offsets. Unlike the Kafka client's {@code records_lag_max}, it is there when no consumer runs (stopped,
 * crash-looping, never assigned) and it is the same on every replica (aggregate with {@code max}). A partition without
 * a stored position counts from its earliest offset. Refreshed every {@code interval} on one background thread (one
 * query and two offset look-ups per refresh); NaN while Kafka cannot be asked. Labels are consumer group and topic
 * names only.
 */
public class ProjectionLagMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionLagMetrics.class);

    private final KafkaListenerEndpointRegistry listeners;
    private final Map<String, Object> adminConfiguration;
    private volatile AdminClient admin;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Map<ConsumerTopic, AtomicReference<Double>> lags = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    public record ConsumerTopic(String consumer, String topic) {
    }

    public ProjectionLagMetrics(KafkaListenerEndpointRegistry listeners, Map<String, Object> adminConfiguration,
                                JdbcTemplate jdbc, MeterRegistry meters, Duration interval) {
        this.listeners = listeners;
        this.adminConfiguration = adminConfiguration;
        this.jdbc = jdbc;
        this.meters = meters;
        this.interval = interval;
    }

    /** Runs one refresh now; returns the lag per projection and topic (also what the gauges then show). */
    public synchronized Map<ConsumerTopic, Double> refresh() {
        if (admin == null) {
            admin = AdminClient.create(adminConfiguration);
        }
        Set<ConsumerTopic> projections = projections();
        for (ConsumerTopic projection : projections) {
            lags.computeIfAbsent(projection, this::register);
        }
        Map<ConsumerTopic, Double> measured = new HashMap<>();
        try {
            measured.putAll(measure(projections));
        } catch (Exception e) {
            log.debug("Projection lag not measured: {}", e.toString());
            projections.forEach(projection -> measured.put(projection, Double.NaN));
        }
        measured.forEach((projection, lag) -> lags.get(projection).set(lag));
        return measured;
    }

    private AtomicReference<Double> register(ConsumerTopic projection) {
        AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
        Gauge.builder("openproxy.projection.lag", value, AtomicReference::get)
                .baseUnit("records")
                .description("Records of the topic the Kafka-fed projection has not applied yet (its stored positions)")
                .tag("consumer", projection.consumer())
                .tag("topic", projection.topic())
                .register(meters);
        return value;
    }

    /** Every @KafkaListener's group and topics: the projection's name in projection_offsets is its group id. */
    private Set<ConsumerTopic> projections() {
        Set<ConsumerTopic> projections = new java.util.HashSet<>();
        for (MessageListenerContainer container : listeners.getAllListenerContainers()) {
            String[] topics = container.getContainerProperties().getTopics();
            if (container.getGroupId() != null && topics != null) {
                for (String topic : topics) {
                    projections.add(new ConsumerTopic(container.getGroupId(), topic));
                }
            }
        }
        return projections;
    }

    private Map<ConsumerTopic, Double> measure(Set<ConsumerTopic> projections) throws Exception {
        Set<String> topics = new TreeSet<>();
        projections.forEach(projection -> topics.add(projection.topic()));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Set<String> described = new TreeSet<>();
        for (var topic : admin.describeTopics(topics).topicNameValues().entrySet()) {
            TopicDescription description;
            try {
                description = topic.getValue().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException missing) {
                continue; // not created yet: its projections' lag stays unknown (NaN)
            }
            described.add(description.name());
            description.partitions().forEach(partition -> {
                TopicPartition key = new TopicPartition(description.name(), partition.partition());
                latest.put(key, OffsetSpec.latest());
                earliest.put(key, OffsetSpec.earliest());
            });
        }
        var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
        var starts = admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
        Map<ConsumerTopic, Map<Integer, Long>> stored = new HashMap<>();
        jdbc.query("SELECT consumer, topic, partition, next_offset FROM projection_offsets", rs -> {
            stored.computeIfAbsent(new ConsumerTopic(rs.getString("consumer"), rs.getString("topic")), k -> new HashMap<>())
                    .put(rs.getInt("partition"), rs.getLong("next_offset"));
        });
        Map<ConsumerTopic, Double> measured = new HashMap<>();
        for (ConsumerTopic projection : projections) {
            if (!described.contains(projection.topic())) {
                measured.put(projection, Double.NaN);
                continue;
            }
            Map<Integer, Long> positions = stored.getOrDefault(projection, Map.of());
            long behind = 0;
            for (var end : ends.entrySet()) {
                if (end.getKey().topic().equals(projection.topic())) {
                    long start = starts.get(end.getKey()).offset();
                    long position = Math.max(start, positions.getOrDefault(end.getKey().partition(), start));
                    behind += Math.max(0, end.getValue().offset() - position);
                }
            }
            measured.put(projection, (double) behind);
        }
        return measured;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "projection-lag-metrics");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.debug("Projection lag refresh failed: {}", e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** After the listener containers have started (their phase is lower). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
