package dev.openproxy.routing.inbound;

import dev.openproxy.routing.directory.Route;
import dev.openproxy.routing.directory.Routes;
import dev.openproxy.routing.interaction.InteractionProjection;
import dev.openproxy.routing.interaction.InteractionRepository;
import dev.openproxy.routing.interaction.InteractionSids;
import dev.openproxy.routing.interaction.ReceiveMessageCommand;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.jdbc.UniqueViolations;
import dev.openproxy.support.time.TwilioDates;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * An inbound SMS, from a carrier webhook or the sandbox: route it, drop opt-outs, record the Interaction (which puts
 * the relayed SMS in the outbox, sent after the webhook is answered). Logs name SIDs and outcomes, never numbers or
 * bodies.
 */
@Component
public class InboundMessages {

    private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);

    /** What became of an inbound message. */
    public enum Outcome {
        FORWARDED, DUPLICATE, OPT_OUT_DROPPED, NO_SESSION, NO_PARTNER
    }

    public record Result(Outcome outcome, String interactionSid) {
    }

    private final Routes routes;
    private final InteractionRepository interactions;
    private final PublishedCommands commands;
    private final MeterRegistry meters;

    public InboundMessages(Routes routes, InteractionRepository interactions, PublishedCommands commands, MeterRegistry meters) {
        this.routes = routes;
        this.interactions = interactions;
        this.commands = commands;
        this.meters = meters;
    }

    public Result receive(String from, String to, String body, String messageSid) {
        Result result = decide(from, to, body, messageSid);
        meters.counter("openproxy.routing.inbound.messages", "outcome", result.outcome().name().toLowerCase()).increment();
        return result;
    }

    private Result decide(String from, String to, String body, String messageSid) {
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
            log.info("Inbound message {} matches no open session: dropped (80905)", messageSid);
            return new Result(Outcome.NO_SESSION, null);
        }
        Route route = found.get();
        if (!route.hasPartner()) {
            log.info("Inbound message {} in session {} has no partner participant: dropped (80614)", messageSid,
                    route.sessionSid());
            return new Result(Outcome.NO_PARTNER, null);
        }
        try {
            commands.send(new ReceiveMessageCommand(interactionSid, route.sessionSid(), route.serviceSid(),
                    route.accountSid(), body, route.senderParticipantSid(), messageSid, route.partnerParticipantSid(),
                    route.partnerProxyIdentifier(), route.partnerIdentifier(), TwilioDates.now()));
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

    private static boolean isDuplicateAggregate(Throwable thrown) {
        for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof EventStoreException || t instanceof org.axonframework.modelling.command.ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
