package dev.openproxy.participant.participants.command;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.participant.ParticipantRemovedEvent;
import dev.openproxy.participant.participants.api.AddParticipantCommand;
import dev.openproxy.participant.participants.api.RemoveParticipantCommand;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The participants of one Session (aggregate id = the session SID), so that changes to one session's participants
 * are serialised. Twilio's rules: at most two participants (80609); an identifier joins a session once, and a
 * removed participant "cannot be re-added" (80103); DELETE is a soft delete. The pair rule across sessions is
 * checked by {@link PairReservations} in the same transaction.
 */
@Aggregate
public class SessionParticipants {

    /** Twilio: "There is a limit of two Participants per Session." Removed participants do not count. */
    static final int MAX_ACTIVE = 2;

    @AggregateIdentifier
    private String sessionSid;
    private String serviceSid;
    private String accountSid;
    private final Map<String, Member> members = new LinkedHashMap<>();

    protected SessionParticipants() {
        // created by Axon, for the first participant and for event sourcing
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AddParticipantCommand command, PairReservations pairs) {
        if (sessionSid != null && !Objects.equals(accountSid, command.accountSid())) {
            throw TwilioApiException.notFound("/Services/" + command.serviceSid() + "/Sessions/" + command.sessionSid());
        }
        if (members.values().stream().anyMatch(member -> command.identifier().equals(member.identifier()))) {
            throw new TwilioApiException(ErrorCode.PARTICIPANT_ALREADY_IN_SESSION,
                    "The identifier is already a participant in the Session");
        }
        if (members.values().stream().filter(member -> !member.removed()).count() >= MAX_ACTIVE) {
            throw new TwilioApiException(ErrorCode.TOO_MANY_PARTICIPANTS, "A Session may have at most 2 participants");
        }
        pairs.reserve(command.sessionSid(), command.participantSid(), command.identifier(), command.proxyIdentifierSid());
        apply(new ParticipantAddedEvent(command.participantSid(), command.sessionSid(), command.serviceSid(),
                command.accountSid(), command.identifier(), command.friendlyName(), command.proxyIdentifier(),
                command.proxyIdentifierSid(), command.now()));
    }

    /** Removing a removed participant changes nothing (DELETE is idempotent). */
    @CommandHandler
    public void handle(RemoveParticipantCommand command) {
        Member member = members.get(command.participantSid());
        if (member == null || !Objects.equals(accountSid, command.accountSid())) {
            throw TwilioApiException.notFound("/Services/" + serviceSid + "/Sessions/" + sessionSid
                    + "/Participants/" + command.participantSid());
        }
        if (member.removed()) {
            return;
        }
        apply(new ParticipantRemovedEvent(command.participantSid(), sessionSid, serviceSid, accountSid,
                member.proxyNumberSid(), command.now()));
    }

    /** After erasure (the session was deleted) {@code identifier} is null: the event store no longer knows it. */
    @EventSourcingHandler
    void on(ParticipantAddedEvent event) {
        sessionSid = event.sessionSid();
        serviceSid = event.serviceSid();
        accountSid = event.accountSid();
        members.put(event.participantSid(), new Member(event.identifier(), event.proxyIdentifierSid(), false));
    }

    @EventSourcingHandler
    void on(ParticipantRemovedEvent event) {
        members.computeIfPresent(event.participantSid(), (sid, member) -> member.asRemoved());
    }

    private record Member(String identifier, String proxyNumberSid, boolean removed) {
        Member asRemoved() {
            return new Member(identifier, proxyNumberSid, true);
        }
    }
}
