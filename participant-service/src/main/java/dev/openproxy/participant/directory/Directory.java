package dev.openproxy.participant.directory;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.support.consistency.ProjectionCatchUp;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.stereotype.Component;


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
        return catchUp.findAfterCatchUp(Projections.SERVICE_DIRECTORY, Topics.SERVICES,
                        () -> repository.service(accountSid, serviceSid))
                .orElseThrow(() -> TwilioApiException.notFound("/Services/" + serviceSid));
    }

    public KnownSession session(String accountSid, String serviceSid, String sessionSid) {
        return catchUp.findAfterCatchUp(Projections.SESSION_DIRECTORY, Topics.SESSIONS,
                        () -> repository.session(accountSid, serviceSid, sessionSid))
                .orElseThrow(() -> TwilioApiException.notFound("/Services/" + serviceSid + "/Sessions/" + sessionSid));
    }

    /** Waits until every session event on Kafka now is applied (closes release their pairs). */
    public void catchUpWithSessions() {
        catchUp.awaitCaughtUp(Projections.SESSION_DIRECTORY, Topics.SESSIONS);
    }

    public void catchUpWithPool() {
        catchUp.awaitCaughtUp(Projections.POOL_DIRECTORY, Topics.PHONE_NUMBERS);
    }
}
