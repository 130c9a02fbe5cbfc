package dev.openproxy.session.sessions.web;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.session.services.query.ServiceRepository;
import dev.openproxy.session.participants.InlineParticipants;
import dev.openproxy.session.participants.ParticipantServiceClient;
import dev.openproxy.session.services.query.ServiceRow;
import dev.openproxy.session.sessions.api.CreateSessionCommand;
import dev.openproxy.session.sessions.api.DeleteSessionCommand;
import dev.openproxy.session.sessions.api.SessionStatus;
import dev.openproxy.session.sessions.api.UpdateSessionCommand;
import dev.openproxy.session.sessions.query.SessionRepository;
import dev.openproxy.session.sessions.query.SessionRow;
import dev.openproxy.support.account.CurrentAccount;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.jdbc.UniqueViolations;
import dev.openproxy.support.paging.ListPage;
import dev.openproxy.support.paging.PageCursor;
import dev.openproxy.support.paging.PageRequest;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;
import dev.openproxy.support.web.FormParams;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** /v1/Services/{ServiceSid}/Sessions: Create, Fetch (by SID or UniqueName), List, Update, Delete. */
@RestController
@RequestMapping(path = "/v1/Services/{serviceSid}/Sessions", produces = MediaType.APPLICATION_JSON_VALUE)
public class SessionController {

    private static final String DUPLICATE_NAME = "Session UniqueName must be unique.";

    /** Answers only once the write is on Kafka, so the client's next call to another service finds it. */
    private final PublishedCommands commands;
    private final SessionRepository sessions;
    private final ServiceRepository services;
    private final ParticipantServiceClient participants;
    private final ApiProperties api;

    public SessionController(PublishedCommands commands, SessionRepository sessions, ServiceRepository services,
                             ParticipantServiceClient participants, ApiProperties api) {
        this.participants = participants;
        this.commands = commands;
        this.sessions = sessions;
        this.services = services;
        this.api = api;
    }

    @PostMapping
    public ResponseEntity<SessionResource> create(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                                  @RequestParam MultiValueMap<String, String> form) {
        ServiceRow service = service(accountSid, serviceSid);
        FormParams params = new FormParams(form);
        String uniqueName = params.uniqueName("UniqueName");
        Integer ttl = params.nonNegativeInt("Ttl");
        Instant dateExpiry = params.dateTime("DateExpiry");
        String mode = params.oneOf("Mode", SessionStatus.MODES);
        String status = params.oneOf("Status", SessionStatus.ALL);
        List<Map<String, String>> inlineParticipants = InlineParticipants.parse(form.get("Participants"));
        if (uniqueName != null && sessions.uniqueNameTaken(serviceSid, uniqueName)) {
            throw new TwilioApiException(ErrorCode.NON_UNIQUE_SESSION_NAME, DUPLICATE_NAME);
        }
        String sid = SidPrefix.SESSION.newSid();
        send(new CreateSessionCommand(sid, serviceSid, accountSid, uniqueName,
                mode == null ? SessionStatus.DEFAULT_MODE : mode,
                status == null ? SessionStatus.OPEN : status,
                ttl == null ? service.settings().defaultTtl() : ttl,
                dateExpiry, TwilioDates.now()));
        addInlineParticipants(accountSid, serviceSid, sid, inlineParticipants);
        return ResponseEntity.status(HttpStatus.CREATED).body(SessionResource.of(existing(accountSid, serviceSid, sid), api));
    }

    /**
     * Participants given at create are added one by one through participant-service, which owns the pair rule.
     * If one fails, the session is deleted again (its participants and pairs go with it) and the request fails
     * with that participant's error: no session is left open with half its participants.
     */
    private void addInlineParticipants(String accountSid, String serviceSid, String sessionSid,
                                       List<Map<String, String>> inlineParticipants) {
        try {
            for (Map<String, String> participant : inlineParticipants) {
                participants.addParticipant(accountSid, serviceSid, sessionSid, participant);
            }
        } catch (RuntimeException failure) {
            send(new DeleteSessionCommand(sessionSid, accountSid, TwilioDates.now()));
            throw failure;
        }
    }

    /** Twilio's fetch takes a SID or the session's UniqueName (error 80308 when no session has that name). */
    @GetMapping("/{sid}")
    public SessionResource fetch(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                 @PathVariable String sid) {
        service(accountSid, serviceSid);
        SessionRow row = SidPrefix.SESSION.matches(sid)
                ? existing(accountSid, serviceSid, sid)
                : sessions.findByUniqueName(accountSid, serviceSid, sid).orElseThrow(() -> new TwilioApiException(
                        ErrorCode.SESSION_UNIQUE_NAME_NOT_FOUND, "Session with the given unique name not found"));
        return SessionResource.of(row, api);
    }

    @GetMapping
    public ListPage<SessionResource> list(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                          @RequestParam(name = "PageSize", required = false) Integer pageSize,
                                          @RequestParam(name = "Page", required = false) Integer page,
                                          @RequestParam(name = "PageToken", required = false) String pageToken) {
        service(accountSid, serviceSid);
        PageRequest request = PageRequest.of(pageSize, page, pageToken);
        return ListPage.of("sessions", SessionResource.listPath(serviceSid), request,
                sessions.page(accountSid, serviceSid, request),
                row -> new PageCursor(row.dateCreated(), row.sid()), row -> SessionResource.of(row, api), api);
    }

    @PostMapping("/{sid}")
    public SessionResource update(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                  @PathVariable String sid, @RequestParam MultiValueMap<String, String> form) {
        service(accountSid, serviceSid);
        SessionRow current = existing(accountSid, serviceSid, sid);
        FormParams params = new FormParams(form);
        boolean clearDateExpiry = params.has("DateExpiry") && params.text("DateExpiry").isBlank();
        UpdateSessionCommand command = new UpdateSessionCommand(sid, accountSid,
                params.nonNegativeInt("Ttl"),
                clearDateExpiry ? null : params.dateTime("DateExpiry"),
                clearDateExpiry,
                params.oneOf("Status", SessionStatus.ALL),
                TwilioDates.now());
        // Re-opening makes the session's (identifier, proxy number) pairs active again: participant-service checks
        // that none is active elsewhere meanwhile (80604) before the session changes; undone if the change fails.
        boolean reopening = SessionStatus.CLOSED.equals(current.status()) && SessionStatus.IN_PROGRESS.equals(command.status());
        if (reopening) {
            participants.reactivatePairs(accountSid, sid);
        }
        try {
            send(command);
        } catch (RuntimeException failure) {
            if (reopening) {
                participants.releasePairs(accountSid, sid);
            }
            throw failure;
        }
        return SessionResource.of(existing(accountSid, serviceSid, sid), api);
    }

    @DeleteMapping("/{sid}")
    public ResponseEntity<Void> delete(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                       @PathVariable String sid) {
        service(accountSid, serviceSid);
        existing(accountSid, serviceSid, sid);
        send(new DeleteSessionCommand(sid, accountSid, TwilioDates.now()));
        return ResponseEntity.noContent().build();
    }

    private void send(Object command) {
        try {
            commands.send(command);
        } catch (RuntimeException e) {
            // Two creates raced past the pre-check: the unique index decided.
            if (UniqueViolations.isViolationOf(e, "sessions_unique_name")) {
                throw new TwilioApiException(ErrorCode.NON_UNIQUE_SESSION_NAME, DUPLICATE_NAME);
            }
            throw e;
        }
    }

    private ServiceRow service(String accountSid, String serviceSid) {
        return services.findBySid(accountSid, serviceSid)
                .orElseThrow(() -> TwilioApiException.notFound("/Services/" + serviceSid));
    }

    private SessionRow existing(String accountSid, String serviceSid, String sid) {
        return sessions.find(accountSid, serviceSid, sid)
                .orElseThrow(() -> TwilioApiException.notFound("/Services/" + serviceSid + "/Sessions/" + sid));
    }
}
