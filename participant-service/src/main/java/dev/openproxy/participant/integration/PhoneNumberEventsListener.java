package dev.openproxy.participant.integration;

import dev.openproxy.support.consistency.StoredPositions;
import dev.openproxy.support.projection.KafkaFedProjection;
import dev.openproxy.support.kafka.IncomingEvents;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.phonenumber.NumberCapabilities;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberRemovedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberReservationChangedEvent;
import dev.openproxy.participant.directory.DirectoryRepository;
import dev.openproxy.participant.directory.PoolNumber;
import dev.openproxy.participant.directory.Projections;
import dev.openproxy.support.consistency.ProjectionOffsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * openproxy.phone-numbers.v1 -> {@code pool_numbers}: the candidates of automatic selection and the numbers a
 * client may name. A removed number is no longer chosen; participants that have it keep it until they leave.
 */
@Component
public class PhoneNumberEventsListener extends StoredPositions implements KafkaFedProjection {

    private final ProjectionOffsets offsets;
    private final DirectoryRepository directory;

    public PhoneNumberEventsListener(JdbcTemplate jdbc, ProjectionOffsets offsets, DirectoryRepository directory) {
        super(jdbc, Projections.POOL_DIRECTORY);
        this.offsets = offsets;
        this.directory = directory;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.PHONE_NUMBERS);
    }

    @KafkaListener(topics = Topics.PHONE_NUMBERS, groupId = Projections.POOL_DIRECTORY)
    @Transactional
    @Override
    public void on(ConsumerRecord<String, String> record) {
        if (!offsets.markApplied(Projections.POOL_DIRECTORY, record)) {
            return;
        }
        IncomingEvents.read(record).ifPresent(event -> {
            switch (event.type()) {
                case EventTypes.PHONE_NUMBER_ADDED -> {
                    PhoneNumberAddedEvent added = event.as(PhoneNumberAddedEvent.class);
                    NumberCapabilities can = added.capabilities() == null
                            ? NumberCapabilities.smsAndVoice() : added.capabilities();
                    directory.upsertPoolNumber(new PoolNumber(added.phoneNumberSid(), added.serviceSid(),
                            added.accountSid(), added.phoneNumber(), added.isoCountry(), can.sms(), can.mms(),
                            can.voice(), can.fax(), added.reserved()));
                }
                case EventTypes.PHONE_NUMBER_RESERVATION_CHANGED -> {
                    PhoneNumberReservationChangedEvent changed = event.as(PhoneNumberReservationChangedEvent.class);
                    directory.setReserved(changed.phoneNumberSid(), changed.reserved());
                }
                case EventTypes.PHONE_NUMBER_REMOVED ->
                        directory.deletePoolNumber(event.as(PhoneNumberRemovedEvent.class).phoneNumberSid());
                default -> {
                    // a future event type: not needed here
                }
            }
        });
    }
}
