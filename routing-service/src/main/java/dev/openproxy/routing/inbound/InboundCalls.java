package dev.openproxy.routing.inbound;

import dev.openproxy.routing.directory.Route;
import dev.openproxy.routing.directory.Routes;
import dev.openproxy.routing.interaction.BlockInboundCommand;
import dev.openproxy.routing.interaction.Interaction;
import dev.openproxy.routing.interaction.InteractionProjection;
import dev.openproxy.routing.interaction.InteractionRow;
import dev.openproxy.routing.interaction.InteractionRepository;
import dev.openproxy.routing.interaction.InteractionSids;
import dev.openproxy.routing.interaction.ReceiveCallCommand;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.jdbc.UniqueViolations;
import dev.openproxy.routing.webhook.InterceptCallbacks;
import dev.openproxy.routing.webhook.OutOfSessionCallbacks;
import dev.openproxy.support.time.TwilioDates;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An inbound call: route it (outside any open session: the Service's OutOfSessionCallbackUrl decides), let the
 * InterceptCallbackUrl block it, and record a voice Interaction; the caller answers the carrier with TwiML that dials
 * the partner from the partner's proxy number. A retried webhook (same CallSid) dials again (the carrier did not get the
 * first answer) but records nothing new.
 */
@Component
public class InboundCalls {

    private static final Logger log = LoggerFactory.getLogger(InboundCalls.class);
    private static final Set<String> CALL_STATUSES = Set.of("queued", "ringing", "in-progress", "completed", "busy",
            "failed", "no-answer", "canceled", "initiated", "answered");

    public enum Outcome {
        DIAL, NO_SESSION, NO_PARTNER, MESSAGE_ONLY, BLOCKED, OUT_OF_SESSION_TWIML, OUT_OF_SESSION_FAILED
    }

    /**
     * {@code partnerIdentifier} and {@code partnerProxyIdentifier} only for DIAL; {@code twiml} only for
     * OUT_OF_SESSION_TWIML (the OutOfSessionCallbackUrl's answer, given to the carrier as it is).
     */
    public record Result(Outcome outcome, String interactionSid, String partnerIdentifier, String partnerProxyIdentifier,
                         String twiml) {
        static Result of(Outcome outcome) {
            return new Result(outcome, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Result[" + outcome + ", " + interactionSid + "]";
        }
    }

    private final Routes routes;
    private final InteractionRepository interactions;
    private final PublishedCommands commands;
    private final MeterRegistry meters;
    private final OutOfSessionCallbacks outOfSession;
    private final InterceptCallbacks intercept;

    public InboundCalls(Routes routes, InteractionRepository interactions, PublishedCommands commands, MeterRegistry meters,
                        OutOfSessionCallbacks outOfSession, InterceptCallbacks intercept) {
        this.routes = routes;
        this.interactions = interactions;
        this.commands = commands;
        this.meters = meters;
        this.outOfSession = outOfSession;
        this.intercept = intercept;
    }

    /** @param carrierParams the webhook's form parameters, passed on to an OutOfSessionCallbackUrl */
    public Result receive(String from, String to, String callSid, String callStatus,
                          Map<String, List<String>> carrierParams) {
        Result result = decide(from, to, callSid, callStatus, carrierParams);
        meters.counter("openproxy.routing.inbound.calls", "outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .increment();
        return result;
    }

    private Result decide(String from, String to, String callSid, String callStatus,
                          Map<String, List<String>> carrierParams) {
        Optional<Route> found = routes.find(from, to);
        if (found.isEmpty()) {
            OutOfSessionCallbacks.Decision decision = outOfSession.handle("call", from, to, callSid, carrierParams);
            switch (decision.outcome()) {
                case TWIML -> {
                    return new Result(Outcome.OUT_OF_SESSION_TWIML, null, null, null, decision.twiml());
                }
                case CALLBACK_FAILED -> {
                    return Result.of(Outcome.OUT_OF_SESSION_FAILED);
                }
                case DROPPED -> {
                    return Result.of(Outcome.NO_SESSION);
                }
                case SESSION_CREATED -> found = routes.find(from, to);
            }
            if (found.isEmpty()) {
                log.info("Inbound call {}: session {} was auto-created but does not route it: ended", callSid,
                        decision.sessionSid());
                return Result.of(Outcome.NO_SESSION);
            }
        }
        Route route = found.get();
        if ("message-only".equals(route.sessionMode())) {
            log.info("Inbound call {} to message-only session {}: rejected (80911)", callSid, route.sessionSid());
            return Result.of(Outcome.MESSAGE_ONLY);
        }
        if (!route.hasPartner()) {
            log.info("Inbound call {} in session {} has no partner participant: ended (80614)", callSid, route.sessionSid());
            return Result.of(Outcome.NO_PARTNER);
        }
        String interactionSid = InteractionSids.forInbound(callSid);
        if (!interactions.existsForInbound(callSid)) {
            String status = callStatus == null ? "ringing" : callStatus.toLowerCase(Locale.ROOT);
            Instant receivedAt = TwilioDates.now();
            if (intercept.blocks(new InteractionRow(interactionSid, route.sessionSid(), route.serviceSid(),
                    route.accountSid(), Interaction.VOICE, null, route.senderParticipantSid(), callSid, Interaction.CALL,
                    CALL_STATUSES.contains(status) ? status : "unknown", route.partnerParticipantSid(), null,
                    Interaction.CALL, null, receivedAt, receivedAt))) {
                try {
                    commands.send(new BlockInboundCommand(interactionSid, route.sessionSid(), route.serviceSid(),
                            route.accountSid(), Interaction.VOICE, route.senderParticipantSid(), callSid, receivedAt));
                } catch (RuntimeException e) {
                    if (!InboundMessages.isDuplicateAggregate(e)) {
                        throw e;
                    }
                }
                log.info("Inbound call {} in session {} blocked by the InterceptCallbackUrl (80909)", callSid,
                        route.sessionSid());
                return Result.of(Outcome.BLOCKED);
            }
            try {
                commands.send(new ReceiveCallCommand(interactionSid, route.sessionSid(), route.serviceSid(),
                        route.accountSid(), route.senderParticipantSid(), callSid,
                        CALL_STATUSES.contains(status) ? status : "unknown", route.partnerParticipantSid(),
                        route.partnerProxyIdentifier(), route.partnerIdentifier(), receivedAt));
            } catch (RuntimeException e) {
                if (InboundMessages.isDuplicateAggregate(e) && !interactions.existsForInbound(callSid)) {
                    log.info("Inbound call {} was blocked before: ended", callSid);
                    return Result.of(Outcome.BLOCKED);
                }
                if (!UniqueViolations.isViolationOf(e, InteractionProjection.UNIQUE_INBOUND)
                        && !interactions.existsForInbound(callSid)) {
                    throw e;
                }
            }
        }
        log.info("Inbound call {} -> interaction {} in session {}: dialling the partner", callSid, interactionSid,
                route.sessionSid());
        return new Result(Outcome.DIAL, interactionSid, route.partnerIdentifier(), route.partnerProxyIdentifier(), null);
    }
}
