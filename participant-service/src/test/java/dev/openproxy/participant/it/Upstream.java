package dev.openproxy.participant.it;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.phonenumber.NumberCapabilities;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberRemovedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberReservationChangedEvent;
import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceSettings;
import dev.openproxy.contracts.events.session.ClosedReason;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import org.axonframework.eventhandling.GenericEventMessage;

import java.time.Instant;

/**
 * Plays session-service and number-pool-service: publishes their events to Kafka exactly as they do
 * (IntegrationEventPublisher: CloudEvents JSON, snake_case data, keyed by session or number SID), and returns at
 * the broker's ack, as PublishedCommands lets their API calls return.
 */
final class Upstream {

    private final IntegrationEventPublisher publisher;
    final String account;

    Upstream(IntegrationEventPublisher publisher, String account) {
        this.publisher = publisher;
        this.account = account;
    }

    String service(String geoMatchLevel, String numberSelectionBehavior) {
        String sid = SidPrefix.SERVICE.newSid();
        ServiceSettings settings = new ServiceSettings("svc-" + sid, 0, null, geoMatchLevel, numberSelectionBehavior,
                null, null, null);
        send(Topics.SERVICES, sid, EventTypes.SERVICE_CREATED, new ServiceCreatedEvent(sid, account, settings, Instant.now()));
        return sid;
    }

    /** A Service with default settings and one pool number. */
    String serviceWithNumber(String e164) {
        String sid = service("country", "prefer-sticky");
        number(sid, e164);
        return sid;
    }

    String session(String serviceSid, String mode) {
        String sid = SidPrefix.SESSION.newSid();
        send(Topics.SESSIONS, sid, EventTypes.SESSION_CREATED,
                new SessionCreatedEvent(sid, serviceSid, account, null, mode, "open", 0, null, Instant.now()));
        return sid;
    }

    void close(String serviceSid, String sessionSid) {
        send(Topics.SESSIONS, sessionSid, EventTypes.SESSION_CLOSED,
                new SessionClosedEvent(sessionSid, serviceSid, account, ClosedReason.API, Instant.now()));
    }

    void reopen(String serviceSid, String sessionSid) {
        send(Topics.SESSIONS, sessionSid, EventTypes.SESSION_REOPENED,
                new SessionReopenedEvent(sessionSid, serviceSid, account, Instant.now()));
    }

    void delete(String serviceSid, String sessionSid) {
        send(Topics.SESSIONS, sessionSid, EventTypes.SESSION_DELETED,
                new SessionDeletedEvent(sessionSid, serviceSid, account, Instant.now()));
    }

    String number(String serviceSid, String e164, String isoCountry, boolean sms, boolean voice, boolean reserved) {
        String sid = SidPrefix.PHONE_NUMBER.newSid();
        send(Topics.PHONE_NUMBERS, sid, EventTypes.PHONE_NUMBER_ADDED, new PhoneNumberAddedEvent(sid, serviceSid, account,
                e164, null, isoCountry, new NumberCapabilities(sms, false, voice, false), reserved, Instant.now()));
        return sid;
    }

    String number(String serviceSid, String e164) {
        return number(serviceSid, e164, "US", true, true, false);
    }

    void reserve(String serviceSid, String numberSid, boolean reserved) {
        send(Topics.PHONE_NUMBERS, numberSid, EventTypes.PHONE_NUMBER_RESERVATION_CHANGED,
                new PhoneNumberReservationChangedEvent(numberSid, serviceSid, account, reserved, Instant.now()));
    }

    void removeNumber(String serviceSid, String numberSid, String e164) {
        send(Topics.PHONE_NUMBERS, numberSid, EventTypes.PHONE_NUMBER_REMOVED,
                new PhoneNumberRemovedEvent(numberSid, serviceSid, account, e164, Instant.now()));
    }

    private void send(String topic, String key, String type, Object event) {
        publisher.publish(topic, key, type, key, account, GenericEventMessage.asEventMessage(event));
    }
}
