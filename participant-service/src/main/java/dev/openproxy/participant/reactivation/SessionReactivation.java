package dev.openproxy.participant.reactivation;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.participant.pairs.ActivePairs;
import dev.openproxy.participant.pairs.SessionStatuses;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * Re-opening a Session, participant half: session-service asks before it re-opens (closed -> in-progress) whether
 * the session's pairs are free, and they are taken for it in the same step. Twilio: re-opening when an
 * (identifier, proxy number) pair is active elsewhere is 400, 80604 (see reference 3.3). One transaction each.
 */
@Component
public class SessionReactivation {

    private final ActivePairs pairs;
    private final JdbcTemplate jdbc;

    public SessionReactivation(ActivePairs pairs, JdbcTemplate jdbc) {
        this.pairs = pairs;
        this.jdbc = jdbc;
    }

    /** All or nothing: either every pair of the session's participants is now the session's, or none is inserted. */
    @Transactional
    public void reactivate(String accountSid, String sessionSid) {
        requireOwner(accountSid, sessionSid);
        List<String> heldElsewhere = pairs.reinsertPairsOf(sessionSid);
        if (!heldElsewhere.isEmpty()) {
            throw new TwilioApiException(ErrorCode.PROXY_IDENTIFIER_IN_USE, "The Session cannot be re-opened: "
                    + "participants " + heldElsewhere + " use a proxy identifier that is already in use with their "
                    + "identifier in another Session");
        }
    }

    /**
     * Undoes {@link #reactivate} when the re-open failed. A session that is open or in-progress here (its re-open
     * did reach Kafka) keeps its pairs.
     */
    @Transactional
    public void deactivate(String accountSid, String sessionSid) {
        requireOwner(accountSid, sessionSid);
        List<String> status = jdbc.queryForList("SELECT status FROM known_sessions WHERE sid = ? FOR UPDATE",
                String.class, sessionSid);
        if (!status.isEmpty() && SessionStatuses.isActive(status.get(0))) {
            return;
        }
        pairs.releaseSession(sessionSid);
    }

    private void requireOwner(String accountSid, String sessionSid) {
        Integer foreign = jdbc.queryForObject("SELECT (SELECT count(*) FROM known_sessions WHERE sid = ? AND account_sid <> ?) "
                + "+ (SELECT count(*) FROM participants WHERE session_sid = ? AND account_sid <> ?)", Integer.class,
                sessionSid, accountSid, sessionSid, accountSid);
        if (foreign != null && foreign > 0) {
            throw TwilioApiException.notFound("/Sessions/" + sessionSid);
        }
    }
}
