package dev.openproxy.routing.web;

import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.directory.Routes;
import dev.openproxy.routing.interaction.DeleteInteractionCommand;
import dev.openproxy.routing.interaction.InteractionRepository;
import dev.openproxy.routing.interaction.InteractionRow;
import dev.openproxy.support.account.CurrentAccount;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.paging.ListPage;
import dev.openproxy.support.paging.PageCursor;
import dev.openproxy.support.paging.PageRequest;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions: List, Fetch, Delete (204). */
@RestController
@RequestMapping(path = "/v1/Services/{serviceSid}/Sessions/{sessionSid}/Interactions",
        produces = MediaType.APPLICATION_JSON_VALUE)
public class InteractionController {

    private final Routes routes;
    private final InteractionRepository interactions;
    private final PublishedCommands commands;
    private final ApiProperties api;
    private final CarrierProperties carrier;

    public InteractionController(Routes routes, InteractionRepository interactions, PublishedCommands commands,
                                 ApiProperties api, CarrierProperties carrier) {
        this.routes = routes;
        this.interactions = interactions;
        this.commands = commands;
        this.api = api;
        this.carrier = carrier;
    }

    @GetMapping
    public ListPage<InteractionResource> list(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                              @PathVariable String sessionSid,
                                              @RequestParam(name = "PageSize", required = false) Integer pageSize,
                                              @RequestParam(name = "Page", required = false) Integer page,
                                              @RequestParam(name = "PageToken", required = false) String pageToken) {
        routes.requireSession(accountSid, serviceSid, sessionSid);
        PageRequest request = PageRequest.of(pageSize, page, pageToken);
        return ListPage.of("interactions", InteractionResource.listPath(serviceSid, sessionSid), request,
                interactions.page(accountSid, serviceSid, sessionSid, request),
                row -> new PageCursor(row.dateCreated(), row.sid()), row -> InteractionResource.of(row, api, carrier), api);
    }

    @GetMapping("/{sid}")
    public InteractionResource fetch(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                     @PathVariable String sessionSid, @PathVariable String sid) {
        routes.requireSession(accountSid, serviceSid, sessionSid);
        return InteractionResource.of(existing(accountSid, serviceSid, sessionSid, sid), api, carrier);
    }

    @DeleteMapping("/{sid}")
    public ResponseEntity<Void> delete(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                       @PathVariable String sessionSid, @PathVariable String sid) {
        routes.requireSession(accountSid, serviceSid, sessionSid);
        existing(accountSid, serviceSid, sessionSid, sid);
        commands.send(new DeleteInteractionCommand(sid, accountSid, serviceSid, sessionSid, TwilioDates.now()));
        return ResponseEntity.noContent().build();
    }

    private InteractionRow existing(String accountSid, String serviceSid, String sessionSid, String sid) {
        return interactions.find(accountSid, serviceSid, sessionSid, sid).orElseThrow(() -> TwilioApiException.notFound(
                "/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Interactions/" + sid));
    }
}
