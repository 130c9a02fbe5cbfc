package dev.openproxy.session.sessions.query;

import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.contracts.events.session.SessionClosedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.contracts.events.session.SessionDeletedEvent;
import dev.openproxy.contracts.events.session.SessionExpiryChangedEvent;
import dev.openproxy.contracts.events.session.SessionInteractionRecordedEvent;
import dev.openproxy.contracts.events.session.SessionReopenedEvent;
import dev.openproxy.session.sessions.api.SessionExpiry;
import dev.openproxy.session.sessions.api.SessionStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps the {@code sessions} table in the command's transaction: reads see every write at once, the unique
 * index on (service, UniqueName) rejects duplicates (80603), and {@code expires_at} is the expiry scheduler's
 * persistent work list.
 */
@Component
@ProcessingGroup("session-directory")
public class SessionDirectoryProjection {

    private final SessionRepository sessions;

    public SessionDirectoryProjection(SessionRepository sessions) {
        this.sessions = sessions;
    }

    @EventHandler
    void on(SessionCreatedEvent event) {
        Instant created = event.createdAt();
        SessionExpiry expiry = new SessionExpiry(event.ttl(), event.dateExpiry());
        sessions.insert(new SessionRow(event.sessionSid(), event.serviceSid(), event.accountSid(), event.uniqueName(),
                event.status(), event.mode(), event.ttl(), event.dateExpiry(), created, null, null, null, created,
                created, created), expiry.dueAt(created));
    }

    @EventHandler
    void on(SessionExpiryChangedEvent event) {
        sessions.findBySid(event.sessionSid()).ifPresent(row -> {
            SessionExpiry expiry = new SessionExpiry(event.ttl(), event.dateExpiry());
            Instant due = SessionStatus.isActive(row.status()) ? expiry.dueAt(row.lastActivity()) : null;
            sessions.updateExpiry(row.sid(), event.ttl(), event.dateExpiry(), due, event.changedAt());
        });
    }

    @EventHandler
    void on(SessionReopenedEvent event) {
        sessions.findBySid(event.sessionSid()).ifPresent(row ->
                sessions.markReopened(row.sid(), event.reopenedAt(), row.expiry().dueAt(event.reopenedAt())));
    }

    @EventHandler
    void on(SessionInteractionRecordedEvent event) {
        sessions.findBySid(event.sessionSid()).ifPresent(row -> sessions.markInteraction(row.sid(), event.status(),
                event.interactionAt(), row.expiry().dueAt(event.interactionAt())));
    }

    @EventHandler
    void on(SessionClosedEvent event) {
        sessions.markClosed(event.sessionSid(), event.closedReason(), event.endedAt());
    }

    @EventHandler
    void on(SessionDeletedEvent event) {
        sessions.delete(event.sessionSid());
    }

    /**
     * The Service's sessions were deleted one by one before it; this only removes a session created while the
     * Service was being deleted, so no read shows a session of a deleted Service.
     */
    @EventHandler
    void on(ServiceDeletedEvent event) {
        sessions.deleteAllOfService(event.serviceSid());
    }

    @ResetHandler
    void reset() {
        sessions.deleteAll();
    }
}
