package dev.openproxy.routing.webhook;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.routing.directory.KnownService;
import dev.openproxy.routing.directory.PreviousSession;
import dev.openproxy.routing.directory.Projections;
import dev.openproxy.routing.directory.RoutingRepository;
import dev.openproxy.routing.directory.ServiceDirectory;
import dev.openproxy.routing.interaction.OutOfSessionContact;
import dev.openproxy.routing.interaction.RecordOutOfSessionCommand;
import dev.openproxy.support.consistency.ProjectionCatchUp;
import dev.openproxy.support.time.TwilioDates;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A contact with no open session (unknown sender, unknown pair, or a closed session), handed to the Service's
 * OutOfSessionCallbackUrl with the carrier's own parameters plus what is known of the sender's previous session
 * (https://www.twilio.com/docs/proxy/out-session-callback-response-guide). Its answer is honoured: TwiML goes back to
 * the carrier; auto-create JSON creates the session, then the contact is routed as if it had been open; a non-2xx
 * answer is 80913; no Service or no URL is 80905. Each outcome is an event (openproxy.interactions.v1).
 */
@Component
public class OutOfSessionCallbacks {

    /** What to do with the contact. {@code twiml} only for TWIML; {@code sessionSid} only for SESSION_CREATED. */
    public record Decision(Outcome outcome, String twiml, String sessionSid, Integer errorCode) {
    }

    public enum Outcome {
        TWIML("twiml"), SESSION_CREATED("session-created"), CALLBACK_FAILED("callback-failed"), DROPPED("dropped");

        final String eventValue;

        Outcome(String eventValue) {
            this.eventValue = eventValue;
        }
    }

    public static final int UNKNOWN_SCENARIO = 80905;
    public static final int CALLBACK_ERROR = 80913;
    private static final Logger log = LoggerFactory.getLogger(OutOfSessionCallbacks.class);

    private final RoutingRepository directory;
    private final ServiceDirectory services;
    private final ProjectionCatchUp catchUp;
    private final ServiceWebhookClient client;
    private final SessionAutoCreator autoCreator;
    private final CommandGateway commands;

    public OutOfSessionCallbacks(RoutingRepository directory, ServiceDirectory services, ProjectionCatchUp catchUp,
                                 ServiceWebhookClient client, SessionAutoCreator autoCreator, CommandGateway commands) {
        this.directory = directory;
        this.services = services;
        this.catchUp = catchUp;
        this.client = client;
        this.autoCreator = autoCreator;
        this.commands = commands;
    }

    /**
     * @param resourceType   {@code message} or {@code call}
     * @param carrierParams  the carrier webhook's form parameters, passed on as Twilio does
     */
    public Decision handle(String resourceType, String from, String to, String resourceSid,
                           Map<String, List<String>> carrierParams) {
        Optional<PreviousSession> previous = directory.previousSession(from, to);
        Optional<KnownService> service = serviceOf(to, previous);
        if (service.isEmpty()) {
            log.info("Inbound {} {} reached no Service's number: dropped ({})", resourceType, resourceSid, UNKNOWN_SCENARIO);
            return new Decision(Outcome.DROPPED, null, null, UNKNOWN_SCENARIO);
        }
        Decision decision = decide(service.get(), resourceType, from, to, previous, carrierParams);
        log.info("Inbound {} {} outside any open session of Service {}: {}", resourceType, resourceSid,
                service.get().sid(), decision.outcome().eventValue);
        record(resourceSid, resourceType, service.get(), previous, decision);
        return decision;
    }

    private Decision decide(KnownService service, String resourceType, String from, String to,
                            Optional<PreviousSession> previous, Map<String, List<String>> carrierParams) {
        if (!service.hasOutOfSession()) {
            return new Decision(Outcome.DROPPED, null, null, UNKNOWN_SCENARIO);
        }
        WebhookAnswer answer = client.post(ServiceWebhookClient.Kind.OUT_OF_SESSION, service.accountSid(),
                service.outOfSessionCallbackUrl(), parameters(carrierParams, previous));
        if (!answer.successful()) {
            return new Decision(Outcome.CALLBACK_FAILED, null, null, CALLBACK_ERROR);
        }
        if (answer.isJson()) {
            return autoCreator.create(service.accountSid(), service.sid(), from, to, answer.body())
                    .map(sessionSid -> new Decision(Outcome.SESSION_CREATED, null, sessionSid, null))
                    .orElseGet(() -> new Decision(Outcome.CALLBACK_FAILED, null, null, CALLBACK_ERROR));
        }
        if (answer.isXml() && isTwiml(answer.body())) {
            return new Decision(Outcome.TWIML, answer.body(), null, null);
        }
        return new Decision(Outcome.CALLBACK_FAILED, null, null, CALLBACK_ERROR);
    }

    private Optional<KnownService> serviceOf(String proxyNumber, Optional<PreviousSession> previous) {
        Optional<String> serviceSid = directory.serviceOfNumber(proxyNumber);
        if (serviceSid.isEmpty()) {
            // A number added a moment ago: its event may not be applied yet.
            catchUp.awaitCaughtUp(Projections.NUMBERS, Topics.PHONE_NUMBERS);
            serviceSid = directory.serviceOfNumber(proxyNumber);
        }
        return serviceSid.or(() -> previous.map(PreviousSession::serviceSid)).flatMap(services::find);
    }

    /** The carrier's parameters, then Twilio's {@code session*} and participant fields of the previous session. */
    static Map<String, List<String>> parameters(Map<String, List<String>> carrierParams, Optional<PreviousSession> previous) {
        Map<String, List<String>> params = new LinkedHashMap<>(carrierParams);
        previous.ifPresent(session -> {
            InteractionParameters.put(params, "sessionSid", session.sessionSid());
            InteractionParameters.put(params, "sessionAccountSid", session.accountSid());
            InteractionParameters.put(params, "sessionServiceSid", session.serviceSid());
            InteractionParameters.put(params, "sessionStatus", session.status());
            InteractionParameters.put(params, "sessionMode", session.mode());
            InteractionParameters.put(params, "inboundParticipantSid", session.senderParticipantSid());
            InteractionParameters.put(params, "outboundParticipantSid", session.partnerParticipantSid());
            InteractionParameters.put(params, "outboundParticipantIdentifier", session.partnerIdentifier());
            InteractionParameters.put(params, "outboundParticipantProxyIdentifier", session.partnerProxyIdentifier());
        });
        return params;
    }

    /** Well-formed XML whose root is {@code <Response>}; no DTDs or external entities are read. */
    static boolean isTwiml(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            Document document = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.trim().getBytes(StandardCharsets.UTF_8)));
            return "Response".equals(document.getDocumentElement().getTagName());
        } catch (Exception notXml) {
            return false;
        }
    }

    private void record(String resourceSid, String resourceType, KnownService service, Optional<PreviousSession> previous,
                        Decision decision) {
        try {
            commands.sendAndWait(new RecordOutOfSessionCommand(OutOfSessionContact.idOf(resourceSid), resourceSid,
                    resourceType, service.sid(), service.accountSid(),
                    previous.map(PreviousSession::sessionSid).orElse(null), decision.outcome().eventValue,
                    decision.errorCode(), decision.sessionSid(), TwilioDates.now()));
        } catch (RuntimeException retriedWebhook) {
            // The carrier retried the same webhook: the first delivery's event stands.
            log.debug("Out-of-session contact {} already recorded", resourceSid);
        }
    }
}
