package dev.openproxy.routing.inbound;

import dev.openproxy.routing.directory.Route;
import dev.openproxy.routing.directory.Routes;
import dev.openproxy.routing.interaction.BlockInboundCommand;
import dev.openproxy.routing.interaction.Interaction;
import dev.openproxy.routing.interaction.InteractionProjection;
import dev.openproxy.routing.interaction.InteractionRow;
import dev.openproxy.routing.interaction.InteractionRepository;
import dev.openproxy.routing.interaction.InteractionSids;
import dev.openproxy.routing.interaction.ReceiveMessageCommand;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.jdbc.UniqueViolations;
import dev.openproxy.routing.webhook.InterceptCallbacks;
import dev.openproxy.routing.webhook.OutOfSessionCallbacks;
import dev.openproxy.support.time.TwilioDates;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An inbound SMS, from a carrier webhook or the sandbox: route it, drop opt-outs, hand a contact outside any open
 * session to the Service's OutOfSessionCallbackUrl, let its InterceptCallbackUrl block it, and record the Interaction
 * (which puts the relayed SMS in the outbox, sent after the webhook is answered). Logs name SIDs and outcomes, never
 * numbers or bodies.
 */
@Component
public class InboundMessages {

    private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);

    /** What became of an inbound message. */
    public enum Outcome {
        FORWARDED, DUPLICATE, OPT_OUT_DROPPED, NO_SESSION, NO_PARTNER, BLOCKED, OUT_OF_SESSION_TWIML,
        OUT_OF_SESSION_FAILED
    }

    /** {@code twiml}: for OUT_OF_SESSION_TWIML, the OutOfSessionCallbackUrl's answer, to give the carrier. */
    public record Result(Outcome outcome, String interactionSid, String twiml) {
        Result(Outcome outcome, String interactionSid) {
            this(outcome, interactionSid, null);
        }
    }

    private final Routes routes;
    private final InteractionRepository interactions;
    private final PublishedCommands commands;
    private final MeterRegistry meters;
    private final OutOfSessionCallbacks outOfSession;
    private final InterceptCallbacks intercept;

    public InboundMessages(Routes routes, InteractionRepository interactions, PublishedCommands commands, MeterRegistry meters,
                           OutOfSessionCallbacks outOfSession, InterceptCallbacks intercept) {
        this.routes = routes;
        this.interactions = interactions;
        this.commands = commands;
        this.meters = meters;
        this.outOfSession = outOfSession;
        this.intercept = intercept;
    }

    /** @param carrierParams the webhook's form parameters, passed on to an OutOfSessionCallbackUrl */
    public Result receive(String from, String to, String body, String messageSid, Map<String, List<String>> carrierParams) {
        Result result = decide(from, to, body, messageSid, carrierParams);
        meters.counter("openproxy.routing.inbound.messages", "outcome", result.outcome().name().toLowerCase()).increment();
        return result;
    }

    private Result decide(String from, String to, String body, String messageSid,
                          Map<String, List<String>> carrierParams) {
        String interactionSid = InteractionSids.forInbound(messageSid);
        if (interactions.existsForInbound(messageSid)) {
            log.info("Inbound message {} seen before (interaction {}): not relayed again", messageSid, interactionSid);
            return new Result(Outcome.DUPLICATE, interactionSid);
        }
        if (OptOutKeywords.isOptOut(body)) {
            log.info("Inbound message {} is an opt-out keyword: not forwarded (80901)", messageSid);
            return new Result(Outcome.OPT_OUT_DROPPED, null);
        }
        Optional<Route> found = routes.find(from, to);
        if (found.isEmpty()) {
            OutOfSessionCallbacks.Decision decision = outOfSession.handle("message", from, to, messageSid, carrierParams);
            switch (decision.outcome()) {
                case TWIML -> {
                    return new Result(Outcome.OUT_OF_SESSION_TWIML, null, decision.twiml());
                }
                case CALLBACK_FAILED -> {
                    return new Result(Outcome.OUT_OF_SESSION_FAILED, null);
                }
                case DROPPED -> {
                    return new Result(Outcome.NO_SESSION, null);
                }
                case SESSION_CREATED -> found = routes.find(from, to);
            }
            if (found.isEmpty()) {
                log.info("Inbound message {}: session {} was auto-created but does not route it: dropped", messageSid,
                        decision.sessionSid());
                return new Result(Outcome.NO_SESSION, null);
            }
        }
        Route route = found.get();
        if (!route.hasPartner()) {
            log.info("Inbound message {} in session {} has no partner participant: dropped (80614)", messageSid,
                    route.sessionSid());
            return new Result(Outcome.NO_PARTNER, null);
        }
        Instant receivedAt = TwilioDates.now();
        if (intercept.blocks(new InteractionRow(interactionSid, route.sessionSid(), route.serviceSid(), route.accountSid(),
                Interaction.MESSAGE, Interaction.messageData(body), route.senderParticipantSid(), messageSid,
                Interaction.MESSAGE, "received", route.partnerParticipantSid(), null, Interaction.MESSAGE, null,
                receivedAt, receivedAt))) {
            block(new BlockInboundCommand(interactionSid, route.sessionSid(), route.serviceSid(), route.accountSid(),
                    Interaction.MESSAGE, route.senderParticipantSid(), messageSid, receivedAt));
            log.info("Inbound message {} in session {} blocked by the InterceptCallbackUrl (80909)", messageSid,
                    route.sessionSid());
            return new Result(Outcome.BLOCKED, null);
        }
        try {
            commands.send(new ReceiveMessageCommand(interactionSid, route.sessionSid(), route.serviceSid(),
                    route.accountSid(), body, route.senderParticipantSid(), messageSid, route.partnerParticipantSid(),
                    route.partnerProxyIdentifier(), route.partnerIdentifier(), receivedAt));
        } catch (RuntimeException e) {
            if (UniqueViolations.isViolationOf(e, InteractionProjection.UNIQUE_INBOUND) || isDuplicateAggregate(e)
                    || interactions.existsForInbound(messageSid)) {
                log.info("Inbound message {} was recorded by a concurrent delivery: not relayed again", messageSid);
                return new Result(Outcome.DUPLICATE, interactionSid);
            }
            throw e;
        }
        log.info("Inbound message {} -> interaction {} in session {}", messageSid, interactionSid, route.sessionSid());
        return new Result(Outcome.FORWARDED, interactionSid);
    }

    /** A retried webhook of a blocked contact finds the SID taken: the first block stands. */
    private void block(BlockInboundCommand command) {
        try {
            commands.send(command);
        } catch (RuntimeException e) {
            if (!isDuplicateAggregate(e)) {
                throw e;
            }
        }
    }

    static boolean isDuplicateAggregate(Throwable thrown) {
        for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof EventStoreException || t instanceof org.axonframework.modelling.command.ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
