package dev.openproxy.routing.directory;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberRemovedEvent;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.support.kafka.IncomingEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/** openproxy.phone-numbers.v1 -> known_numbers (which Service a proxy number belongs to). */
@Component
public class PhoneNumberEventsListener extends StoredPositions implements KafkaFedProjection {

    private final ProjectionOffsets offsets;
    private final RoutingRepository repository;

    public PhoneNumberEventsListener(JdbcTemplate jdbc, ProjectionOffsets offsets, RoutingRepository repository) {
        super(jdbc, Projections.NUMBERS);
        this.offsets = offsets;
        this.repository = repository;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.PHONE_NUMBERS);
    }

    @KafkaListener(topics = Topics.PHONE_NUMBERS, groupId = Projections.NUMBERS)
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(Projections.NUMBERS, record)) {
            return;
        }
        IncomingEvents.read(record).ifPresent(event -> {
            switch (event.type()) {
                case EventTypes.PHONE_NUMBER_ADDED -> {
                    PhoneNumberAddedEvent added = event.as(PhoneNumberAddedEvent.class);
                    repository.upsertNumber(added.phoneNumber(), added.phoneNumberSid(), added.serviceSid(),
                            added.accountSid());
                }
                case EventTypes.PHONE_NUMBER_REMOVED ->
                        repository.deleteNumber(event.as(PhoneNumberRemovedEvent.class).phoneNumberSid());
                default -> {
                    // reservation changes and future types do not move a number between Services
                }
            }
        });
    }
}
