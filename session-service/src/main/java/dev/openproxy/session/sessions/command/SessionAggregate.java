package dev.openproxy.session.sessions.command;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.events.session.ClosedReason;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionExpiryChangedEvent;
import dev.openproxy.contracts.events.session.SessionInteractionRecordedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.session.sessions.api.CreateSessionCommand;
import dev.openproxy.session.sessions.api.DeleteSessionCommand;
import dev.openproxy.session.sessions.api.ExpireSessionCommand;
import dev.openproxy.session.sessions.api.RecordInteractionCommand;
import dev.openproxy.session.sessions.api.SessionExpiry;
import dev.openproxy.session.sessions.api.SessionStatus;
import dev.openproxy.session.sessions.api.UpdateSessionCommand;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A Proxy Session (KC...) and its lifecycle. Twilio's rules (https://www.twilio.com/docs/api/errors/80608):
 * re-open only closed -> in-progress; close only open -> closed or in-progress -> closed; anything else is 80608,
 * and a closed session takes no other update (80607). Ttl and DateExpiry close it by themselves (80904).
 */
@Aggregate
public class SessionAggregate {

    @AggregateIdentifier
    private String sessionSid;
    private String serviceSid;
    private String accountSid;
    private String status;
    private SessionExpiry expiry;
    /** Start of the Ttl clock: creation, re-opening or the last interaction. */
    private Instant lastActivity;
    /** {@code date_last_interaction}: null until the first interaction. */
    private Instant lastInteraction;

    protected SessionAggregate() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public SessionAggregate(CreateSessionCommand command) {
        if (!SessionStatus.isActive(command.status())) {
            throw new TwilioApiException(ErrorCode.SESSION_STATUS_INVALID,
                    "A Session can only be created open or in-progress");
        }
        requireFuture(command.dateExpiry(), command.now());
        apply(new SessionCreatedEvent(command.sessionSid(), command.serviceSid(), command.accountSid(),
                command.uniqueName(), command.mode(), command.status(), command.ttl(), command.dateExpiry(), command.now()));
    }

    @CommandHandler
    public void handle(UpdateSessionCommand command) {
        requireOwner(command.accountSid());
        boolean reopen = false;
        boolean close = false;
        if (command.status() != null) {
            if (SessionStatus.CLOSED.equals(status)) {
                if (SessionStatus.IN_PROGRESS.equals(command.status())) {
                    reopen = true;
                } else if (SessionStatus.CLOSED.equals(command.status())) {
                    throw closed();
                } else {
                    throw invalidTransition(command.status());
                }
            } else if (SessionStatus.CLOSED.equals(command.status())) {
                close = true;
            } else {
                throw invalidTransition(command.status());
            }
        } else if (SessionStatus.CLOSED.equals(status)) {
            throw closed();
        }

        requireFuture(command.dateExpiry(), command.now());
        SessionExpiry requested = new SessionExpiry(
                command.ttl() != null ? command.ttl() : expiry.ttl(),
                command.clearDateExpiry() ? null : command.dateExpiry() != null ? command.dateExpiry() : expiry.dateExpiry());
        if (reopen) {
            if (requested.dateExpiry() != null && !requested.dateExpiry().isAfter(command.now())) {
                throw TwilioApiException.invalidParameter("DateExpiry has passed: send a new DateExpiry to re-open the Session");
            }
            apply(new SessionReopenedEvent(sessionSid, serviceSid, accountSid, command.now()));
        }
        if (!requested.equals(expiry)) {
            apply(new SessionExpiryChangedEvent(sessionSid, serviceSid, accountSid, requested.ttl(),
                    requested.dateExpiry(), command.now()));
        }
        if (close) {
            apply(new SessionClosedEvent(sessionSid, serviceSid, accountSid, ClosedReason.API, command.now()));
        }
    }

    /** Closes the session if its Ttl or DateExpiry has been reached; otherwise does nothing. */
    @CommandHandler
    public void handle(ExpireSessionCommand command) {
        Instant due = expiry.dueAt(lastActivity);
        if (!SessionStatus.isActive(status) || due == null || command.now().isBefore(due)) {
            return;
        }
        apply(new SessionClosedEvent(sessionSid, serviceSid, accountSid, expiry.closedReason(), command.now()));
    }

    /**
     * Twilio: the Ttl is "measured in seconds after the Session's last create or last Interaction", and the first
     * interaction moves an open session to in-progress. An interaction reported for a closed session (relayed
     * just before it closed) changes nothing; a repeated report of an older one cannot move the clock back. Times
     * are whole seconds, so an interaction in the same second as the creation or re-opening still counts (the first
     * message of a session usually follows its creation within a second); one no later than the last recorded
     * interaction is already counted.
     */
    @CommandHandler
    public void handle(RecordInteractionCommand command) {
        boolean olderThanLastActivity = command.at().isBefore(lastActivity);
        boolean alreadyCounted = lastInteraction != null && !command.at().isAfter(lastInteraction);
        if (!SessionStatus.isActive(status) || olderThanLastActivity || alreadyCounted) {
            return;
        }
        apply(new SessionInteractionRecordedEvent(sessionSid, serviceSid, accountSid, command.interactionSid(),
                command.at(), SessionStatus.IN_PROGRESS));
    }

    @CommandHandler
    public void handle(DeleteSessionCommand command) {
        requireOwner(command.accountSid());
        apply(new SessionDeletedEvent(sessionSid, serviceSid, accountSid, command.now()));
    }

    private void requireOwner(String callerAccountSid) {
        if (!Objects.equals(accountSid, callerAccountSid)) {
            throw TwilioApiException.notFound("/Services/" + serviceSid + "/Sessions/" + sessionSid);
        }
    }

    private static void requireFuture(Instant dateExpiry, Instant now) {
        if (dateExpiry != null && !dateExpiry.isAfter(now)) {
            throw TwilioApiException.invalidParameter("DateExpiry must be in the future");
        }
    }

    private static TwilioApiException closed() {
        return new TwilioApiException(ErrorCode.SESSION_CLOSED, "Session is closed and cannot be updated");
    }

    private TwilioApiException invalidTransition(String requested) {
        return new TwilioApiException(ErrorCode.SESSION_STATUS_INVALID, "Session status cannot change from " + status
                + " to " + requested + ": re-open with closed -> in-progress, close with open or in-progress -> closed");
    }

    @EventSourcingHandler
    void on(SessionCreatedEvent event) {
        sessionSid = event.sessionSid();
        serviceSid = event.serviceSid();
        accountSid = event.accountSid();
        status = event.status();
        expiry = new SessionExpiry(event.ttl(), event.dateExpiry());
        lastActivity = event.createdAt();
    }

    @EventSourcingHandler
    void on(SessionExpiryChangedEvent event) {
        expiry = new SessionExpiry(event.ttl(), event.dateExpiry());
    }

    @EventSourcingHandler
    void on(SessionReopenedEvent event) {
        status = SessionStatus.IN_PROGRESS;
        lastActivity = event.reopenedAt();
    }

    @EventSourcingHandler
    void on(SessionClosedEvent event) {
        status = SessionStatus.CLOSED;
    }

    @EventSourcingHandler
    void on(SessionInteractionRecordedEvent event) {
        status = event.status();
        lastActivity = event.interactionAt();
        lastInteraction = event.interactionAt();
    }

    @EventSourcingHandler
    void on(SessionDeletedEvent event) {
        markDeleted();
    }
}
