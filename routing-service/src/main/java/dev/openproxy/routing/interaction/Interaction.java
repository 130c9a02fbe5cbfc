package dev.openproxy.routing.interaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.events.interaction.InteractionBlockedEvent;
import dev.openproxy.contracts.events.interaction.InteractionContentErasedEvent;
import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import dev.openproxy.contracts.events.interaction.InteractionDeletedEvent;
import dev.openproxy.contracts.events.interaction.InteractionLegStatusChangedEvent;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One Interaction (aggregate id = its KI SID, derived from the inbound resource SID so that a retried webhook
 * addresses the same aggregate). Its legs' statuses change by carrier answers and status callbacks.
 */
@Aggregate
public class Interaction {

    public static final String MESSAGE = "message";
    public static final String VOICE = "voice";
    public static final String CALL = "call";
    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";
    private static final ObjectMapper JSON = new ObjectMapper();

    @AggregateIdentifier
    private String interactionSid;
    private String sessionSid;
    private String serviceSid;
    private String accountSid;
    private boolean deleted;
    /** Blocked by the InterceptCallbackUrl: never listed, so it cannot be deleted either. */
    private boolean blocked;
    private boolean contentErased;

    protected Interaction() {
    }

    @CommandHandler
    public Interaction(ReceiveMessageCommand command) {
        apply(new InteractionCreatedEvent(command.interactionSid(), command.sessionSid(), command.serviceSid(),
                command.accountSid(), MESSAGE, messageData(command.body()), command.inboundParticipantSid(),
                command.inboundResourceSid(), MESSAGE, "received", command.outboundParticipantSid(), MESSAGE,
                command.outboundProxyIdentifier(), command.outboundIdentifier(), command.receivedAt()));
    }

    @CommandHandler
    public Interaction(SendMessageCommand command) {
        apply(new InteractionCreatedEvent(command.interactionSid(), command.sessionSid(), command.serviceSid(),
                command.accountSid(), MESSAGE, messageData(command.body()), null, null, null, null,
                command.participantSid(), MESSAGE, command.proxyIdentifier(), command.identifier(), command.createdAt()));
    }

    @CommandHandler
    public Interaction(ReceiveCallCommand command) {
        apply(new InteractionCreatedEvent(command.interactionSid(), command.sessionSid(), command.serviceSid(),
                command.accountSid(), VOICE, null, command.inboundParticipantSid(), command.inboundResourceSid(), CALL,
                command.inboundResourceStatus(), command.outboundParticipantSid(), CALL,
                command.outboundProxyIdentifier(), command.outboundIdentifier(), command.receivedAt()));
    }

    /** Twilio's warning 80909, Inbound Contact Rejected: the InterceptCallbackUrl answered 403. */
    public static final int INBOUND_CONTACT_REJECTED = 80909;

    @CommandHandler
    public Interaction(BlockInboundCommand command) {
        apply(new InteractionBlockedEvent(command.interactionSid(), command.sessionSid(), command.serviceSid(),
                command.accountSid(), command.type(), command.inboundParticipantSid(), command.inboundResourceSid(),
                INBOUND_CONTACT_REJECTED, command.blockedAt()));
    }

    @CommandHandler
    public void handle(RecordLegCommand command) {
        apply(new InteractionLegStatusChangedEvent(interactionSid, sessionSid, serviceSid, accountSid, command.leg(),
                command.resourceSid(), command.status(), command.errorCode(), command.attempts(), command.changedAt(),
                command.duration()));
    }

    @CommandHandler
    public void handle(DeleteInteractionCommand command) {
        if (deleted || blocked || !Objects.equals(accountSid, command.accountSid()) || !Objects.equals(serviceSid, command.serviceSid())
                || !Objects.equals(sessionSid, command.sessionSid())) {
            throw TwilioApiException.notFound("/Services/" + command.serviceSid() + "/Sessions/" + command.sessionSid()
                    + "/Interactions/" + command.interactionSid());
        }
        apply(new InteractionDeletedEvent(interactionSid, sessionSid, serviceSid, accountSid, command.now()));
    }

    /**
     * The erasure notice, once per Interaction. None for a deleted one ({@code interaction.deleted} was its notice) nor
     * for a blocked one, which has no content: its event holds no body and no number, and it is never listed.
     */
    @CommandHandler
    public void handle(EraseContentCommand command) {
        if (deleted || blocked || contentErased) {
            return;
        }
        apply(new InteractionContentErasedEvent(interactionSid, sessionSid, serviceSid, accountSid, command.reason(),
                command.erasedAt()));
    }

    @EventSourcingHandler
    void on(InteractionCreatedEvent event) {
        interactionSid = event.interactionSid();
        sessionSid = event.sessionSid();
        serviceSid = event.serviceSid();
        accountSid = event.accountSid();
    }

    @EventSourcingHandler
    void on(InteractionBlockedEvent event) {
        interactionSid = event.interactionSid();
        sessionSid = event.sessionSid();
        serviceSid = event.serviceSid();
        accountSid = event.accountSid();
        blocked = true;
    }

    @EventSourcingHandler
    void on(InteractionDeletedEvent event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(InteractionContentErasedEvent event) {
        contentErased = true;
    }

    /** Twilio's {@code data} of a message interaction: a JSON string holding the body. */
    public static String messageData(String body) {
        try {
            return JSON.writeValueAsString(Map.of("body", body == null ? "" : body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Twilio's {@code data} of a voice interaction once the call's length is known: {@code {"duration":42}}. */
    static String voiceData(int durationSeconds) {
        try {
            return JSON.writeValueAsString(Map.of("duration", durationSeconds));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
