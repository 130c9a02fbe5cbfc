package dev.openproxy.participant.directory;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.support.consistency.ProjectionCatchUp;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads of the Kafka-fed projections with read-your-writes: a miss is only final once the projection has caught up
 * with its topic ({@link ProjectionCatchUp}), so a client that creates a Session and at once adds a Participant
 * never gets a 404 because this service had not yet read the session's event.
 */
@Component
public class Directory {

    private final DirectoryRepository repository;
    private final ProjectionCatchUp catchUp;

    public Directory(DirectoryRepository repository, ProjectionCatchUp catchUp) {
        this.repository = repository;
        this.catchUp = catchUp;
    }

    public KnownService service(String accountSid, String serviceSid) {
        return afterCatchUp(() -> repository.service(accountSid, serviceSid), Projections.SERVICE_DIRECTORY, Topics.SERVICES)
                .orElseThrow(() -> TwilioApiException.notFound("/Services/" + serviceSid));
    }

    public KnownSession session(String accountSid, String serviceSid, String sessionSid) {
        return afterCatchUp(() -> repository.session(accountSid, serviceSid, sessionSid),
                Projections.SESSION_DIRECTORY, Topics.SESSIONS)
                .orElseThrow(() -> TwilioApiException.notFound("/Services/" + serviceSid + "/Sessions/" + sessionSid));
    }

    /** Waits until every session event on Kafka now is applied (closes release their pairs). */
    public void catchUpWithSessions() {
        catchUp.awaitCaughtUp(Projections.SESSION_DIRECTORY, Topics.SESSIONS);
    }

    public void catchUpWithPool() {
        catchUp.awaitCaughtUp(Projections.POOL_DIRECTORY, Topics.PHONE_NUMBERS);
    }

    /**
     * A miss is only an answer once the projection has caught up. If it could not within the timeout (for example
     * just after a restart, while the listener replays its topic), "not found" could be wrong for a resource that
     * exists: the client gets 503 (20503) and retries, as after any other transient failure.
     */
    private <T> Optional<T> afterCatchUp(Supplier<Optional<T>> lookup, String projection, String topic) {
        Optional<T> found = lookup.get();
        if (found.isPresent()) {
            return found;
        }
        boolean caughtUp = catchUp.awaitCaughtUp(projection, topic);
        found = lookup.get();
        if (found.isEmpty() && !caughtUp) {
            throw TwilioApiException.unavailable("OpenProxy is catching up with recent changes, please retry");
        }
        return found;
    }
}
