package dev.openproxy.routing.it;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.participant.ParticipantRemovedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
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

/** Plays session-service and participant-service: their events on Kafka, as IntegrationEventPublisher writes them. */
final class Upstream {

    private final IntegrationEventPublisher publisher;
    final String account;

    Upstream(IntegrationEventPublisher publisher, String account) {
        this.publisher = publisher;
        this.account = account;
    }

    String service() {
        String sid = SidPrefix.SERVICE.newSid();
        ServiceSettings settings = new ServiceSettings("svc-" + sid, 0, null, "country", "prefer-sticky", null, null, null);
        send(Topics.SERVICES, sid, sid, EventTypes.SERVICE_CREATED, new ServiceCreatedEvent(sid, account, settings, Instant.now()));
        return sid;
    }

    /** A Service with webhook URLs (each may be null). */
    String service(String callbackUrl, String interceptCallbackUrl, String outOfSessionCallbackUrl) {
        String sid = SidPrefix.SERVICE.newSid();
        ServiceSettings settings = new ServiceSettings("svc-" + sid, 0, callbackUrl, "country", "prefer-sticky",
                interceptCallbackUrl, outOfSessionCallbackUrl, null);
        send(Topics.SERVICES, sid, sid, EventTypes.SERVICE_CREATED, new ServiceCreatedEvent(sid, account, settings, Instant.now()));
        return sid;
    }

    void deleteService(String serviceSid) {
        send(Topics.SERVICES, serviceSid, serviceSid, EventTypes.SERVICE_DELETED,
                new ServiceDeletedEvent(serviceSid, account, Instant.now()));
    }

    /** A proxy number joins the Service's pool (number-pool-service's event). */
    void number(String serviceSid, String phoneNumber) {
        String sid = SidPrefix.PHONE_NUMBER.newSid();
        send(Topics.PHONE_NUMBERS, sid, sid, EventTypes.PHONE_NUMBER_ADDED, new PhoneNumberAddedEvent(sid, serviceSid,
                account, phoneNumber, null, "US", null, false, Instant.now()));
    }

    String session(String serviceSid, String mode) {
        String sid = SidPrefix.SESSION.newSid();
        send(Topics.SESSIONS, sid, sid, EventTypes.SESSION_CREATED,
                new SessionCreatedEvent(sid, serviceSid, account, null, mode, "open", 0, null, Instant.now()));
        return sid;
    }

    void close(String serviceSid, String sessionSid) {
        send(Topics.SESSIONS, sessionSid, sessionSid, EventTypes.SESSION_CLOSED,
                new SessionClosedEvent(sessionSid, serviceSid, account, ClosedReason.API, Instant.now()));
    }

    void reopen(String serviceSid, String sessionSid) {
        send(Topics.SESSIONS, sessionSid, sessionSid, EventTypes.SESSION_REOPENED,
                new SessionReopenedEvent(sessionSid, serviceSid, account, Instant.now()));
    }

    void delete(String serviceSid, String sessionSid) {
        send(Topics.SESSIONS, sessionSid, sessionSid, EventTypes.SESSION_DELETED,
                new SessionDeletedEvent(sessionSid, serviceSid, account, Instant.now()));
    }

    String participant(String serviceSid, String sessionSid, String identifier, String proxyNumber) {
        String sid = SidPrefix.PARTICIPANT.newSid();
        send(Topics.PARTICIPANTS, sessionSid, sid, EventTypes.PARTICIPANT_ADDED, new ParticipantAddedEvent(sid, sessionSid,
                serviceSid, account, identifier, null, proxyNumber, SidPrefix.PHONE_NUMBER.newSid(), Instant.now()));
        return sid;
    }

    void removeParticipant(String serviceSid, String sessionSid, String participantSid) {
        send(Topics.PARTICIPANTS, sessionSid, participantSid, EventTypes.PARTICIPANT_REMOVED,
                new ParticipantRemovedEvent(participantSid, sessionSid, serviceSid, account, null, Instant.now()));
    }

    private void send(String topic, String key, String subject, String type, Object event) {
        publisher.publish(topic, key, type, subject, account, GenericEventMessage.asEventMessage(event));
    }
}
