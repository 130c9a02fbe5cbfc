package dev.openproxy.numberpool.integration;

import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.contracts.events.CloudEvent;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.numberpool.phonenumbers.api.RemovePhoneNumberCommand;
import dev.openproxy.numberpool.phonenumbers.query.PoolNumberRepository;
import dev.openproxy.numberpool.phonenumbers.query.PoolNumberRow;
import dev.openproxy.numberpool.services.ServiceRepository;
import dev.openproxy.numberpool.usage.PoolUsageRepository;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.projection.RebuildMode;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.TwilioApiException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;


/**
 * Keeps {@code services} from {@code openproxy.services.v1}, so the pool knows which Services exist and whose they
 * are. A deleted Service's numbers leave the pool through their aggregates, each with its {@code phone-number.removed}
 * event, in the same transaction as the record's offset: once {@code ProjectionCatchUp} says this projection has
 * applied a deletion, its numbers are free for another Service. A projection rebuild ({@link RebuildMode}) sends no
 * command: those removals are already in the event store, and are replayed from there.
 */
@Component
public class ServiceDirectoryListener extends StoredPositions implements KafkaFedProjection {

    /** Consumer group and {@code projection_offsets} name. */
    public static final String CONSUMER = "number-pool.service-directory";

    private static final Logger log = LoggerFactory.getLogger(ServiceDirectoryListener.class);

    private final ProjectionOffsets offsets;
    private final ServiceRepository services;
    private final PoolNumberRepository numbers;
    private final PoolUsageRepository usage;
    private final CommandGateway commands;
    private final RebuildMode rebuild;

    public ServiceDirectoryListener(ProjectionOffsets offsets, ServiceRepository services, PoolNumberRepository numbers,
                                    PoolUsageRepository usage, CommandGateway commands, JdbcTemplate jdbc,
                                    RebuildMode rebuild) {
        super(jdbc, CONSUMER);
        this.offsets = offsets;
        this.services = services;
        this.numbers = numbers;
        this.usage = usage;
        this.commands = commands;
        this.rebuild = rebuild;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.SERVICES);
    }

    @KafkaListener(id = CONSUMER, groupId = CONSUMER, topics = Topics.SERVICES)
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(CONSUMER, record)) {
            return; // seen before
        }
        CloudEventReader.read(record).ifPresent(event -> {
            try {
                apply(event);
            } catch (CloudEventReader.UnreadableData e) {
                log.warn("Skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        });
    }

    private void apply(CloudEvent event) {
        switch (event.type()) {
            case EventTypes.SERVICE_CREATED -> {
                ServiceCreatedEvent created = CloudEventReader.data(event, ServiceCreatedEvent.class);
                services.insert(created.serviceSid(), created.accountSid(), created.createdAt());
            }
            case EventTypes.SERVICE_DELETED -> removeService(CloudEventReader.data(event, ServiceDeletedEvent.class));
            default -> {
                // service.updated and types added later: nothing the pool keeps
            }
        }
    }

    /**
     * Deleting the row first takes its lock: an add still in flight holds a share lock on it, so this waits for that
     * add to commit and then sees its number below; an add that comes later finds no Service and fails (20404).
     */
    private void removeService(ServiceDeletedEvent deleted) {
        services.delete(deleted.serviceSid());
        int removed = 0;
        List<PoolNumberRow> pool = rebuild.isOn() ? List.of() : numbers.numbersOfService(deleted.serviceSid());
        for (PoolNumberRow row : pool) {
            try {
                commands.sendAndWait(new RemovePhoneNumberCommand(row.sid(), row.serviceSid(), row.accountSid(), TwilioDates.now()));
                removed++;
            } catch (RuntimeException e) {
                if (!isRejection(e)) {
                    throw e; // retried with the whole record
                }
                // already gone: removed through the API in the meantime
            }
        }
        usage.forgetService(deleted.serviceSid());
        if (removed > 0) {
            log.info("Service {} deleted: {} numbers removed from its pool", deleted.serviceSid(), removed);
        }
    }

    private static boolean isRejection(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TwilioApiException) {
                return true;
            }
        }
        return false;
    }
}
