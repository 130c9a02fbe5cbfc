package dev.openproxy.routing.inbound;

import dev.openproxy.routing.directory.Route;
import dev.openproxy.routing.directory.Routes;
import dev.openproxy.routing.interaction.InteractionProjection;
import dev.openproxy.routing.interaction.InteractionRepository;
import dev.openproxy.routing.interaction.InteractionSids;
import dev.openproxy.routing.interaction.ReceiveCallCommand;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.jdbc.UniqueViolations;
import dev.openproxy.support.time.TwilioDates;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An inbound call: route it and record a voice Interaction; the caller answers the carrier with TwiML that dials the
 * partner from the partner's proxy number. A retried webhook (same CallSid) dials again (the carrier did not get the
 * first answer) but records nothing new.
 */
@Component
public class InboundCalls {

    private static final Logger log = LoggerFactory.getLogger(InboundCalls.class);
    private static final Set<String> CALL_STATUSES = Set.of("queued", "ringing", "in-progress", "completed", "busy",
            "failed", "no-answer", "canceled", "initiated", "answered");

    public enum Outcome {
        DIAL, NO_SESSION, NO_PARTNER, MESSAGE_ONLY
    }

    /** {@code partnerIdentifier} and {@code partnerProxyIdentifier} only for DIAL. */
    public record Result(Outcome outcome, String interactionSid, String partnerIdentifier, String partnerProxyIdentifier) {
        @Override
        public String toString() {
            return "Result[" + outcome + ", " + interactionSid + "]";
        }
    }

    private final Routes routes;
    private final InteractionRepository interactions;
    private final PublishedCommands commands;
    private final MeterRegistry meters;

    public InboundCalls(Routes routes, InteractionRepository interactions, PublishedCommands commands, MeterRegistry meters) {
        this.routes = routes;
        this.interactions = interactions;
        this.commands = commands;
        this.meters = meters;
    }

    public Result receive(String from, String to, String callSid, String callStatus) {
        Result result = decide(from, to, callSid, callStatus);
        meters.counter("openproxy.routing.inbound.calls", "outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .increment();
        return result;
    }

    private Result decide(String from, String to, String callSid, String callStatus) {
        Optional<Route> found = routes.find(from, to);
        if (found.isEmpty()) {
            log.info("Inbound call {} matches no open session: ended (80905)", callSid);
            return new Result(Outcome.NO_SESSION, null, null, null);
        }
        Route route = found.get();
        if ("message-only".equals(route.sessionMode())) {
            log.info("Inbound call {} to message-only session {}: rejected (80911)", callSid, route.sessionSid());
            return new Result(Outcome.MESSAGE_ONLY, null, null, null);
        }
        if (!route.hasPartner()) {
            log.info("Inbound call {} in session {} has no partner participant: ended (80614)", callSid, route.sessionSid());
            return new Result(Outcome.NO_PARTNER, null, null, null);
        }
        String interactionSid = InteractionSids.forInbound(callSid);
        if (!interactions.existsForInbound(callSid)) {
            String status = callStatus == null ? "ringing" : callStatus.toLowerCase(Locale.ROOT);
            try {
                commands.send(new ReceiveCallCommand(interactionSid, route.sessionSid(), route.serviceSid(),
                        route.accountSid(), route.senderParticipantSid(), callSid,
                        CALL_STATUSES.contains(status) ? status : "unknown", route.partnerParticipantSid(),
                        route.partnerProxyIdentifier(), route.partnerIdentifier(), TwilioDates.now()));
            } catch (RuntimeException e) {
                if (!UniqueViolations.isViolationOf(e, InteractionProjection.UNIQUE_INBOUND)
                        && !interactions.existsForInbound(callSid)) {
                    throw e;
                }
            }
        }
        log.info("Inbound call {} -> interaction {} in session {}: dialling the partner", callSid, interactionSid,
                route.sessionSid());
        return new Result(Outcome.DIAL, interactionSid, route.partnerIdentifier(), route.partnerProxyIdentifier());
    }
}
