package dev.openproxy.support.projection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Rebuilds every projection of this service from the events it was built from, in this order:
 * <ol>
 * <li>saves the {@linkplain ReadModel.KeptColumn kept columns}, then empties the projection tables and forgets the
 * Kafka-fed projections' offsets, in one transaction;</li>
 * <li>reads each {@link KafkaFedProjection}'s topics from their beginning up to their end as of now, applying every
 * record through the live listener, a poll's batch per transaction;</li>
 * <li>writes the kept columns back;</li>
 * <li>replays the service's own event store, in global order, into the handlers of each processing group of its
 * {@link ReadModel}, 500 events per transaction, through the event store's serializer: an erased session's personal
 * fields come out null, as on any read.</li>
 * </ol>
 * Other services' history comes first because the service's own events were applied, when they happened, against
 * what it knew of the others; replayed after it, they see its final state, which is what the handlers' remaining
 * checks need (an interaction of a deleted session is not restored; retention's erasures are kept).
 * <p>
 * Run it only with every other replica of the service stopped ({@link RebuildMode}): a reader would see half-built
 * tables. It is safe to run again after a failure: it starts from empty tables.
 */
public class ProjectionRebuild {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final int EVENTS_PER_TRANSACTION = 500;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private final ReadModel readModel;
    private final List<KafkaFedProjection> kafkaFed;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventStorageEngine eventStorage;
    private final Configuration axon;
    private final ApplicationContext context;
    private final ConsumerFactory<String, String> consumers;

    public ProjectionRebuild(ReadModel readModel, List<KafkaFedProjection> kafkaFed, JdbcTemplate jdbc,
                             TransactionTemplate transactions, EventStorageEngine eventStorage, Configuration axon,
                             ApplicationContext context, ConsumerFactory<String, String> consumers) {
        this.readModel = readModel;
        this.kafkaFed = inReplayOrder(readModel, kafkaFed);
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.eventStorage = eventStorage;
        this.axon = axon;
        this.context = context;
        this.consumers = consumers;
    }

    private static List<KafkaFedProjection> inReplayOrder(ReadModel readModel, List<KafkaFedProjection> kafkaFed) {
        Map<String, KafkaFedProjection> byConsumer = new HashMap<>();
        kafkaFed.forEach(projection -> byConsumer.put(projection.consumer(), projection));
        if (!byConsumer.keySet().equals(new java.util.HashSet<>(readModel.kafkaConsumers()))) {
            throw new IllegalStateException("The read model lists Kafka-fed projections " + readModel.kafkaConsumers()
                    + " but the service has " + byConsumer.keySet());
        }
        return readModel.kafkaConsumers().stream().map(byConsumer::get).toList();
    }

    /** One projection's part of a rebuild. */
    public record Result(String projection, String source, long events, Duration elapsed) {
        public long eventsPerSecond() {
            long millis = Math.max(1, elapsed.toMillis());
            return events * 1000 / millis;
        }
    }

    public List<Result> rebuildAll() {
        Map<ReadModel.KeptColumn, Map<Object, Object>> kept = new LinkedHashMap<>();
        transactions.executeWithoutResult(status -> {
            readModel.keptColumns().forEach(column -> kept.put(column, save(column)));
            jdbc.execute("TRUNCATE " + String.join(", ", readModel.tables()));
            for (KafkaFedProjection projection : kafkaFed) {
                jdbc.update("DELETE FROM projection_offsets WHERE consumer = ?", projection.consumer());
            }
        });
        log.info("Projection tables emptied: {}", readModel.tables());
        List<Result> results = new ArrayList<>();
        for (KafkaFedProjection projection : kafkaFed) {
            results.add(replayTopics(projection));
        }
        transactions.executeWithoutResult(status -> kept.forEach(this::restore));
        for (String group : readModel.processingGroups()) {
            results.add(replayEventStore(group));
        }
        return results;
    }

    private Map<Object, Object> save(ReadModel.KeptColumn kept) {
        Map<Object, Object> values = new HashMap<>();
        jdbc.query("SELECT " + kept.keyColumn() + ", " + kept.column() + " FROM " + kept.table() + " WHERE "
                + kept.column() + " IS NOT NULL", rs -> {
            values.put(rs.getObject(1), rs.getObject(2));
        });
        return values;
    }

    private void restore(ReadModel.KeptColumn kept, Map<Object, Object> values) {
        String update = "UPDATE " + kept.table() + " SET " + kept.column() + " = ? WHERE " + kept.keyColumn() + " = ?";
        values.forEach((key, value) -> jdbc.update(update, value, key));
    }

    private Result replayTopics(KafkaFedProjection projection) {
        long started = System.nanoTime();
        long applied = 0;
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // No consumer group: partitions are assigned by hand and nothing is committed, so the live group is untouched.
        try (Consumer<String, String> consumer = consumers.createConsumer(null, "rebuild-" + projection.consumer(), null,
                overrides)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : projection.topics()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            while (!reachedEnd(consumer, ends)) {
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        batch.add(record);
                    }
                });
                transactions.executeWithoutResult(status -> batch.forEach(projection::on));
                applied += batch.size();
            }
        }
        return finished(projection.consumer(), String.join(", ", projection.topics()), applied, started);
    }

    private static boolean reachedEnd(Consumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey(), KAFKA_TIMEOUT) >= end.getValue());
    }

    private Result replayEventStore(String processingGroup) {
        long started = System.nanoTime();
        List<AnnotationEventHandlerAdapter> handlers = handlersOf(processingGroup);
        long applied = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = eventStorage.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                applied += transactions.execute(status -> applyBatch(iterator, handlers));
            }
        }
        return finished(processingGroup, "event store", applied, started);
    }

    private static long applyBatch(Iterator<? extends TrackedEventMessage<?>> events,
                                   List<AnnotationEventHandlerAdapter> handlers) {
        long applied = 0;
        for (int i = 0; i < EVENTS_PER_TRANSACTION && events.hasNext(); i++) {
            EventMessage<?> event = events.next();
            boolean handled = false;
            for (AnnotationEventHandlerAdapter handler : handlers) {
                if (handler.canHandle(event)) {
                    handled = true;
                    try {
                        handler.handle(event);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException("Replaying " + event.getPayloadType().getSimpleName() + " failed", e);
                    }
                }
            }
            applied += handled ? 1 : 0;
        }
        return applied;
    }

    /** The beans of a processing group, each wrapped as Axon's own processors wrap them (same parameter resolvers). */
    private List<AnnotationEventHandlerAdapter> handlersOf(String processingGroup) {
        List<AnnotationEventHandlerAdapter> handlers = new ArrayList<>();
        context.getBeansWithAnnotation(ProcessingGroup.class).values().forEach(bean -> {
            Class<?> type = AopUtils.getTargetClass(bean);
            ProcessingGroup group = AnnotationUtils.findAnnotation(type, ProcessingGroup.class);
            if (group != null && group.value().equals(processingGroup)) {
                handlers.add(new AnnotationEventHandlerAdapter(bean, axon.parameterResolverFactory(),
                        axon.handlerDefinition(type)));
            }
        });
        if (handlers.isEmpty()) {
            throw new IllegalStateException("No event handlers in processing group " + processingGroup);
        }
        return handlers;
    }

    private static Result finished(String projection, String source, long events, long startedNanos) {
        Result result = new Result(projection, source, events, Duration.ofNanos(System.nanoTime() - startedNanos));
        log.info("Rebuilt {} from {}: {} events in {} ms ({} events/s)", projection, source, events,
                result.elapsed().toMillis(), result.eventsPerSecond());
        return result;
    }
}
