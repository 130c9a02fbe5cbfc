package dev.openproxy.routing.web;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.directory.Routes;
import dev.openproxy.routing.interaction.InteractionRepository;
import dev.openproxy.routing.interaction.InteractionRow;
import dev.openproxy.routing.interaction.SendMessageCommand;
import dev.openproxy.support.account.CurrentAccount;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.paging.ListPage;
import dev.openproxy.support.paging.PageCursor;
import dev.openproxy.support.paging.PageRequest;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;
import dev.openproxy.support.web.FormParams;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * /v1/Services/{S}/Sessions/{KC}/Participants/{KP}/MessageInteractions: Create (200, as Twilio's OpenAPI file says),
 * List, Fetch. Create sends {@code Body} to the participant from its own proxy number, through the same outbox as a
 * relayed SMS.
 */
@RestController
@RequestMapping(path = "/v1/Services/{serviceSid}/Sessions/{sessionSid}/Participants/{participantSid}/MessageInteractions",
        produces = MediaType.APPLICATION_JSON_VALUE)
public class MessageInteractionController {

    private final Routes routes;
    private final InteractionRepository interactions;
    private final PublishedCommands commands;
    private final ApiProperties api;
    private final CarrierProperties carrier;

    public MessageInteractionController(Routes routes, InteractionRepository interactions, PublishedCommands commands,
                                        ApiProperties api, CarrierProperties carrier) {
        this.routes = routes;
        this.interactions = interactions;
        this.commands = commands;
        this.api = api;
        this.carrier = carrier;
    }

    @PostMapping
    public MessageInteractionResource create(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                             @PathVariable String sessionSid, @PathVariable String participantSid,
                                             @RequestParam MultiValueMap<String, String> form) {
        routes.requireSession(accountSid, serviceSid, sessionSid);
        Map<String, Object> participant = routes.requireParticipant(accountSid, serviceSid, sessionSid, participantSid);
        String body = new FormParams(form).text("Body");
        if (body == null || body.isEmpty()) {
            throw TwilioApiException.missingParameter("Body");
        }
        String status = (String) participant.get("status");
        if (!"open".equals(status) && !"in-progress".equals(status)) {
            throw new TwilioApiException(ErrorCode.SESSION_CLOSED, "Session is closed and cannot be updated");
        }
        if (Boolean.TRUE.equals(participant.get("removed"))) {
            throw TwilioApiException.notFound("/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants/"
                    + participantSid);
        }
        String sid = SidPrefix.INTERACTION.newSid();
        commands.send(new SendMessageCommand(sid, sessionSid, serviceSid, accountSid, body, participantSid,
                (String) participant.get("proxy_identifier"), (String) participant.get("identifier"), TwilioDates.now()));
        return MessageInteractionResource.of(existing(accountSid, serviceSid, sessionSid, participantSid, sid), api, carrier);
    }

    @GetMapping
    public ListPage<MessageInteractionResource> list(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                                     @PathVariable String sessionSid, @PathVariable String participantSid,
                                                     @RequestParam(name = "PageSize", required = false) Integer pageSize,
                                                     @RequestParam(name = "Page", required = false) Integer page,
                                                     @RequestParam(name = "PageToken", required = false) String pageToken) {
        routes.requireSession(accountSid, serviceSid, sessionSid);
        routes.requireParticipant(accountSid, serviceSid, sessionSid, participantSid);
        PageRequest request = PageRequest.of(pageSize, page, pageToken);
        return ListPage.of("interactions", MessageInteractionResource.listPath(serviceSid, sessionSid, participantSid),
                request, interactions.messageInteractionPage(accountSid, serviceSid, sessionSid, participantSid, request),
                row -> new PageCursor(row.dateCreated(), row.sid()),
                row -> MessageInteractionResource.of(row, api, carrier), api);
    }

    @GetMapping("/{sid}")
    public MessageInteractionResource fetch(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                            @PathVariable String sessionSid, @PathVariable String participantSid,
                                            @PathVariable String sid) {
        routes.requireSession(accountSid, serviceSid, sessionSid);
        return MessageInteractionResource.of(existing(accountSid, serviceSid, sessionSid, participantSid, sid), api, carrier);
    }

    private InteractionRow existing(String accountSid, String serviceSid, String sessionSid, String participantSid,
                                    String sid) {
        return interactions.findMessageInteraction(accountSid, serviceSid, sessionSid, participantSid, sid)
                .orElseThrow(() -> TwilioApiException.notFound(MessageInteractionResource.listPath(serviceSid, sessionSid,
                        participantSid).substring(3) + "/" + sid));
    }
}
