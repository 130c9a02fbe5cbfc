package dev.openproxy.session.services.web;

import dev.openproxy.contracts.events.service.ServiceSettings;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.session.services.api.CreateServiceCommand;
import dev.openproxy.session.services.api.DeleteServiceCommand;
import dev.openproxy.session.services.api.ServiceOptions;
import dev.openproxy.session.services.api.ServiceSettingsPatch;
import dev.openproxy.session.services.api.UpdateServiceCommand;
import dev.openproxy.session.services.query.ServiceRepository;
import dev.openproxy.session.services.query.ServiceRow;
import dev.openproxy.session.sessions.api.DeleteSessionCommand;
import dev.openproxy.session.sessions.query.SessionRepository;
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

/** /v1/Services: Create, Fetch (by SID or UniqueName), List, Update, Delete. */
@RestController
@RequestMapping(path = "/v1/Services", produces = MediaType.APPLICATION_JSON_VALUE)
public class ServiceController {

    private static final String DUPLICATE_NAME = "Service UniqueName must be unique within the account";

    /** Answers only once the write is on Kafka, so the client's next call to another service finds it. */
    private final PublishedCommands commands;
    private final ServiceRepository services;
    private final SessionRepository sessions;
    private final ApiProperties api;

    public ServiceController(PublishedCommands commands, ServiceRepository services, SessionRepository sessions,
                             ApiProperties api) {
        this.commands = commands;
        this.services = services;
        this.sessions = sessions;
        this.api = api;
    }

    @PostMapping
    public ResponseEntity<ServiceResource> create(@CurrentAccount String accountSid,
                                                  @RequestParam MultiValueMap<String, String> form) {
        FormParams params = new FormParams(form);
        String uniqueName = params.uniqueName("UniqueName");
        if (uniqueName == null) {
            throw TwilioApiException.missingParameter("UniqueName");
        }
        Integer defaultTtl = params.nonNegativeInt("DefaultTtl");
        String geoMatchLevel = params.oneOf("GeoMatchLevel", ServiceOptions.GEO_MATCH_LEVELS);
        String selection = params.oneOf("NumberSelectionBehavior", ServiceOptions.NUMBER_SELECTION_BEHAVIORS);
        ServiceSettings settings = new ServiceSettings(
                uniqueName,
                defaultTtl == null ? 0 : defaultTtl,
                emptyToNull(params.url("CallbackUrl")),
                geoMatchLevel == null ? ServiceOptions.DEFAULT_GEO_MATCH_LEVEL : geoMatchLevel,
                selection == null ? ServiceOptions.DEFAULT_NUMBER_SELECTION_BEHAVIOR : selection,
                emptyToNull(params.url("InterceptCallbackUrl")),
                emptyToNull(params.url("OutOfSessionCallbackUrl")),
                emptyToNull(params.sid("ChatInstanceSid", SidPrefix.CHAT_INSTANCE)));
        if (services.uniqueNameTaken(accountSid, uniqueName, null)) {
            throw TwilioApiException.invalidParameter(DUPLICATE_NAME);
        }
        String sid = SidPrefix.SERVICE.newSid();
        send(new CreateServiceCommand(sid, accountSid, settings, TwilioDates.now()));
        return ResponseEntity.status(HttpStatus.CREATED).body(ServiceResource.of(existing(accountSid, sid), api));
    }

    @GetMapping("/{sid}")
    public ServiceResource fetch(@CurrentAccount String accountSid, @PathVariable String sid) {
        ServiceRow row = SidPrefix.SERVICE.matches(sid)
                ? existing(accountSid, sid)
                : services.findByUniqueName(accountSid, sid).orElseThrow(() -> notFound(sid));
        return ServiceResource.of(row, api);
    }

    @GetMapping
    public ListPage<ServiceResource> list(@CurrentAccount String accountSid,
                                          @RequestParam(name = "PageSize", required = false) Integer pageSize,
                                          @RequestParam(name = "Page", required = false) Integer page,
                                          @RequestParam(name = "PageToken", required = false) String pageToken) {
        PageRequest request = PageRequest.of(pageSize, page, pageToken);
        return ListPage.of("services", "/v1/Services", request, services.page(accountSid, request),
                row -> new PageCursor(row.dateCreated(), row.sid()), row -> ServiceResource.of(row, api), api);
    }

    @PostMapping("/{sid}")
    public ServiceResource update(@CurrentAccount String accountSid, @PathVariable String sid,
                                  @RequestParam MultiValueMap<String, String> form) {
        existing(accountSid, sid);
        FormParams params = new FormParams(form);
        ServiceSettingsPatch patch = new ServiceSettingsPatch(
                params.uniqueName("UniqueName"),
                params.nonNegativeInt("DefaultTtl"),
                params.url("CallbackUrl"),
                params.oneOf("GeoMatchLevel", ServiceOptions.GEO_MATCH_LEVELS),
                params.oneOf("NumberSelectionBehavior", ServiceOptions.NUMBER_SELECTION_BEHAVIORS),
                params.url("InterceptCallbackUrl"),
                params.url("OutOfSessionCallbackUrl"),
                params.sid("ChatInstanceSid", SidPrefix.CHAT_INSTANCE));
        if (patch.uniqueName() != null && services.uniqueNameTaken(accountSid, patch.uniqueName(), sid)) {
            throw TwilioApiException.invalidParameter(DUPLICATE_NAME);
        }
        send(new UpdateServiceCommand(sid, accountSid, patch, TwilioDates.now()));
        return ServiceResource.of(existing(accountSid, sid), api);
    }

    /**
     * Twilio deletes a Service's sessions with it. Each session is deleted through its own aggregate first, so
     * consumers see a session.deleted event for every one; if this request stops half-way, the Service still
     * exists and repeating the DELETE finishes the job.
     */
    @DeleteMapping("/{sid}")
    public ResponseEntity<Void> delete(@CurrentAccount String accountSid, @PathVariable String sid) {
        existing(accountSid, sid);
        for (String sessionSid : sessions.sidsOfService(sid)) {
            send(new DeleteSessionCommand(sessionSid, accountSid, TwilioDates.now()));
        }
        send(new DeleteServiceCommand(sid, accountSid, TwilioDates.now()));
        return ResponseEntity.noContent().build();
    }

    private void send(Object command) {
        try {
            commands.send(command);
        } catch (RuntimeException e) {
            // Two requests raced past the pre-check: the unique index decided.
            if (UniqueViolations.isViolationOf(e, "services_unique_name")) {
                throw TwilioApiException.invalidParameter(DUPLICATE_NAME);
            }
            throw e;
        }
    }

    private ServiceRow existing(String accountSid, String sid) {
        return services.findBySid(accountSid, sid).orElseThrow(() -> notFound(sid));
    }

    private static TwilioApiException notFound(String sid) {
        return TwilioApiException.notFound("/Services/" + sid);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
