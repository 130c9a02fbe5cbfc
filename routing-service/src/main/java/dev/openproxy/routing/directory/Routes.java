package dev.openproxy.routing.directory;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.support.consistency.ProjectionCatchUp;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Routing-table lookups with read-your-writes: the session and participant projections first apply everything on
 * their topics as of now, so a participant added, or a session closed, a moment ago is routed accordingly.
 */
@Component
public class Routes {

    private final RoutingRepository repository;
    private final ProjectionCatchUp catchUp;

    public Routes(RoutingRepository repository, ProjectionCatchUp catchUp) {
        this.repository = repository;
        this.catchUp = catchUp;
    }

    public Optional<Route> find(String sender, String proxyNumber) {
        // Always, not only on a miss: a session closed or a partner removed a moment ago must not be relayed to.
        // Costs one look at each topic's end offsets per inbound message (bounded by the catch-up timeout).
        catchUp.awaitCaughtUp(Projections.SESSIONS, Topics.SESSIONS);
        catchUp.awaitCaughtUp(Projections.PARTICIPANTS, Topics.PARTICIPANTS);
        return repository.route(sender, proxyNumber);
    }

    /** The participant's routing row (identifier, proxy_identifier, removed, session status), or 404. */
    public java.util.Map<String, Object> requireParticipant(String accountSid, String serviceSid, String sessionSid,
                                                           String participantSid) {
        Optional<java.util.Map<String, Object>> found = repository.participant(accountSid, serviceSid, sessionSid, participantSid);
        if (found.isEmpty()) {
            catchUp.awaitCaughtUp(Projections.SESSIONS, Topics.SESSIONS);
            catchUp.awaitCaughtUp(Projections.PARTICIPANTS, Topics.PARTICIPANTS);
            found = repository.participant(accountSid, serviceSid, sessionSid, participantSid);
        }
        return found.orElseThrow(() -> TwilioApiException.notFound("/Services/" + serviceSid + "/Sessions/" + sessionSid
                + "/Participants/" + participantSid));
    }

    /** 404 unless the account owns the session in that service. */
    public void requireSession(String accountSid, String serviceSid, String sessionSid) {
        if (repository.sessionExists(accountSid, serviceSid, sessionSid)) {
            return;
        }
        catchUp.awaitCaughtUp(Projections.SESSIONS, Topics.SESSIONS);
        if (!repository.sessionExists(accountSid, serviceSid, sessionSid)) {
            throw TwilioApiException.notFound("/Services/" + serviceSid + "/Sessions/" + sessionSid);
        }
    }
}
