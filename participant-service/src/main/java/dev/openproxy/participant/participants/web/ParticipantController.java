package dev.openproxy.participant.participants.web;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.participant.assignment.Candidate;
import dev.openproxy.participant.assignment.ProxyNumberAssignment;
import dev.openproxy.participant.directory.Directory;
import dev.openproxy.participant.directory.KnownService;
import dev.openproxy.participant.directory.KnownSession;
import dev.openproxy.participant.directory.PoolNumber;
import dev.openproxy.participant.pairs.ActivePairs;
import dev.openproxy.participant.pairs.PairTakenException;
import dev.openproxy.participant.pairs.SessionStatuses;
import dev.openproxy.participant.participants.api.AddParticipantCommand;
import dev.openproxy.participant.participants.api.Identifier;
import dev.openproxy.participant.participants.api.RemoveParticipantCommand;
import dev.openproxy.participant.participants.query.ParticipantRepository;
import dev.openproxy.participant.participants.query.ParticipantRow;
import dev.openproxy.support.account.CurrentAccount;
import dev.openproxy.support.consistency.PublishedCommands;
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

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants: Create, Fetch, List, Delete (soft). */
@RestController
@RequestMapping(path = "/v1/Services/{serviceSid}/Sessions/{sessionSid}/Participants",
        produces = MediaType.APPLICATION_JSON_VALUE)
public class ParticipantController {

    /** Twilio: friendly_name "must be 255 characters or fewer". */
    static final int MAX_FRIENDLY_NAME = 255;
    /** Automatic selection picks again when a concurrent request took its number; this bounds the rounds. */
    static final int MAX_SELECTION_ROUNDS = 8;

    /** Answers only once the event is on Kafka, so routing-service (and the client's next call) sees it. */
    private final PublishedCommands commands;
    private final ParticipantRepository participants;
    private final Directory directory;
    private final ProxyNumberAssignment assignment;
    private final ApiProperties api;

    public ParticipantController(PublishedCommands commands, ParticipantRepository participants, Directory directory,
                                 ProxyNumberAssignment assignment, ApiProperties api) {
        this.commands = commands;
        this.participants = participants;
        this.directory = directory;
        this.assignment = assignment;
        this.api = api;
    }

    @PostMapping
    public ResponseEntity<ParticipantResource> create(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                                      @PathVariable String sessionSid,
                                                      @RequestParam MultiValueMap<String, String> form) {
        KnownService service = directory.service(accountSid, serviceSid);
        // A close or re-open the client made a moment ago is on Kafka already (PublishedCommands): apply it before
        // judging the session. Every create pays one look at the topic's end offsets for this.
        directory.catchUpWithSessions();
        KnownSession session = directory.session(accountSid, serviceSid, sessionSid);
        FormParams params = new FormParams(form);
        Identifier identifier = Identifier.parse(params.required("Identifier"));
        String friendlyName = friendlyName(params.text("FriendlyName"));
        String proxyIdentifierSid = blankToNull(params.sid("ProxyIdentifierSid", SidPrefix.PHONE_NUMBER));
        String proxyIdentifier = proxyIdentifier(params.text("ProxyIdentifier"));

        if (!SessionStatuses.isActive(session.status())) {
            throw ActivePairs.sessionClosed();
        }
        checkMembership(sessionSid, identifier);

        String participantSid = SidPrefix.PARTICIPANT.newSid();
        if (proxyIdentifier != null || proxyIdentifierSid != null) {
            PoolNumber number = assignment.named(service, proxyIdentifier, proxyIdentifierSid);
            assignment.requireFree(identifier, number, sessionSid);
            // A PairTakenException here is a truly simultaneous request for the same pair: 80623 (409).
            add(participantSid, session, identifier, friendlyName, number.phoneNumber(), number.sid());
        } else {
            addWithAutomaticSelection(participantSid, service, session, identifier, friendlyName);
        }
        ParticipantRow row = existing(accountSid, serviceSid, sessionSid, participantSid);
        return ResponseEntity.status(HttpStatus.CREATED).body(ParticipantResource.of(row, api));
    }

    @GetMapping("/{sid}")
    public ParticipantResource fetch(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                     @PathVariable String sessionSid, @PathVariable String sid) {
        directory.service(accountSid, serviceSid);
        directory.session(accountSid, serviceSid, sessionSid);
        return ParticipantResource.of(existing(accountSid, serviceSid, sessionSid, sid), api);
    }

    /** Every participant of the session, removed ones included (Twilio's soft delete keeps them listed). */
    @GetMapping
    public ListPage<ParticipantResource> list(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                              @PathVariable String sessionSid,
                                              @RequestParam(name = "PageSize", required = false) Integer pageSize,
                                              @RequestParam(name = "Page", required = false) Integer page,
                                              @RequestParam(name = "PageToken", required = false) String pageToken) {
        directory.service(accountSid, serviceSid);
        directory.session(accountSid, serviceSid, sessionSid);
        PageRequest request = PageRequest.of(pageSize, page, pageToken);
        return ListPage.of("participants", ParticipantResource.listPath(serviceSid, sessionSid), request,
                participants.page(accountSid, serviceSid, sessionSid, request),
                row -> new PageCursor(row.dateCreated(), row.sid()), row -> ParticipantResource.of(row, api), api);
    }

    /** Twilio's soft delete: 200 with the participant, {@code date_deleted} set; its pair is free again. */
    /**
     * Twilio's soft delete: the participant stays listed with {@code date_deleted}. The OpenAPI file answers 200
     * with no body (not 204), and twilio-java expects exactly that.
     */
    @DeleteMapping("/{sid}")
    public ResponseEntity<Void> delete(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                       @PathVariable String sessionSid, @PathVariable String sid) {
        directory.service(accountSid, serviceSid);
        directory.session(accountSid, serviceSid, sessionSid);
        existing(accountSid, serviceSid, sessionSid, sid);
        commands.send(new RemoveParticipantCommand(sessionSid, sid, accountSid, TwilioDates.now()));
        return ResponseEntity.ok().build();
    }

    private void addWithAutomaticSelection(String participantSid, KnownService service, KnownSession session,
                                           Identifier identifier, String friendlyName) {
        Set<String> takenMeanwhile = new HashSet<>();
        for (int round = 0; round < MAX_SELECTION_ROUNDS; round++) {
            Candidate number = assignment.choose(service, session, identifier, takenMeanwhile);
            try {
                add(participantSid, session, identifier, friendlyName, number.phoneNumber(), number.sid());
                return;
            } catch (RuntimeException e) {
                PairTakenException taken = PairTakenException.find(e);
                if (taken == null) {
                    throw e;
                }
                takenMeanwhile.add(taken.proxyNumberSid());
            }
        }
        throw new TwilioApiException(ErrorCode.DUPLICATE_PARTICIPANT_REQUEST,
                "Simultaneous requests for this identifier kept taking the chosen proxy numbers: try again");
    }

    private void add(String participantSid, KnownSession session, Identifier identifier, String friendlyName,
                     String proxyIdentifier, String proxyIdentifierSid) {
        commands.send(new AddParticipantCommand(session.sid(), participantSid, session.serviceSid(),
                session.accountSid(), identifier.value(), friendlyName, proxyIdentifier, proxyIdentifierSid,
                TwilioDates.now()));
    }

    /** The aggregate decides (80103, 80609); checked here first so that they win over number-selection errors. */
    private void checkMembership(String sessionSid, Identifier identifier) {
        List<ParticipantRow> members = participants.ofSession(sessionSid);
        if (members.stream().anyMatch(member -> member.identifier().equals(identifier.value()))) {
            throw new TwilioApiException(ErrorCode.PARTICIPANT_ALREADY_IN_SESSION,
                    "The identifier is already a participant in the Session");
        }
        if (members.stream().filter(member -> !member.removed()).count() >= 2) {
            throw new TwilioApiException(ErrorCode.TOO_MANY_PARTICIPANTS, "A Session may have at most 2 participants");
        }
    }

    private static String friendlyName(String value) {
        if (value != null && value.length() > MAX_FRIENDLY_NAME) {
            throw TwilioApiException.invalidParameter("FriendlyName must be " + MAX_FRIENDLY_NAME + " characters or fewer");
        }
        return value;
    }

    /** A phone number or channel address like Identifier, so the same limit: 191 characters. */
    private static String proxyIdentifier(String value) {
        if (value != null && value.trim().length() > Identifier.MAX_LENGTH) {
            throw TwilioApiException.invalidParameter("ProxyIdentifier must be " + Identifier.MAX_LENGTH
                    + " characters or fewer");
        }
        return blankToNull(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private ParticipantRow existing(String accountSid, String serviceSid, String sessionSid, String sid) {
        return participants.find(accountSid, serviceSid, sessionSid, sid).orElseThrow(() -> TwilioApiException.notFound(
                "/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants/" + sid));
    }
}
