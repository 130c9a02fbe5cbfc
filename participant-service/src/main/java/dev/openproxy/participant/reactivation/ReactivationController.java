package dev.openproxy.participant.reactivation;

import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.participant.directory.Directory;
import dev.openproxy.support.account.CurrentAccount;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal API for session-service (not routed by the gateway; same {@code X-OpenProxy-Account-Sid} header):
 * <ul>
 * <li>{@code POST /internal/v1/Sessions/{SessionSid}/Reactivation}: take the pairs of the session's participants
 * before re-opening it. 204, or 400 with code 80604 if a pair is active in another session (nothing taken).</li>
 * <li>{@code DELETE /internal/v1/Sessions/{SessionSid}/Reactivation}: give them back when the re-open failed. 204.</li>
 * </ul>
 * See docs/api.md ("Internal API") and docs/adr/0008-proxy-number-pairs.md.
 */
@RestController
@RequestMapping(path = "/internal/v1/Sessions/{sessionSid}/Reactivation", produces = MediaType.APPLICATION_JSON_VALUE)
public class ReactivationController {

    private final SessionReactivation reactivation;
    private final Directory directory;

    public ReactivationController(SessionReactivation reactivation, Directory directory) {
        this.reactivation = reactivation;
        this.directory = directory;
    }

    @PostMapping
    public ResponseEntity<Void> reactivate(@CurrentAccount String accountSid, @PathVariable String sessionSid) {
        requireSessionSid(sessionSid);
        // The session's own close must have released its pairs, and other sessions' closes theirs.
        directory.catchUpWithSessions();
        reactivation.reactivate(accountSid, sessionSid);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    public ResponseEntity<Void> deactivate(@CurrentAccount String accountSid, @PathVariable String sessionSid) {
        requireSessionSid(sessionSid);
        directory.catchUpWithSessions();
        reactivation.deactivate(accountSid, sessionSid);
        return ResponseEntity.noContent().build();
    }

    private static void requireSessionSid(String sessionSid) {
        if (!SidPrefix.SESSION.matches(sessionSid)) {
            throw TwilioApiException.notFound("/Sessions/" + sessionSid);
        }
    }
}
