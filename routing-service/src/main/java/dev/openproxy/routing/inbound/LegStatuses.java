package dev.openproxy.routing.inbound;

import dev.openproxy.routing.interaction.Interaction;
import dev.openproxy.routing.interaction.RecordLegCommand;
import dev.openproxy.support.time.TwilioDates;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/** Carrier status callbacks -> the interaction's leg status (Twilio's interaction_enum_resource_status values only). */
@Component
public class LegStatuses {

    private static final Logger log = LoggerFactory.getLogger(LegStatuses.class);
    static final Set<String> KNOWN = Set.of("accepted", "answered", "busy", "canceled", "completed", "deleted",
            "delivered", "delivery-unknown", "failed", "in-progress", "initiated", "no-answer", "queued", "received",
            "receiving", "ringing", "scheduled", "sending", "sent", "undelivered", "unknown");

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;

    public LegStatuses(JdbcTemplate jdbc, CommandGateway commands) {
        this.jdbc = jdbc;
        this.commands = commands;
    }

    /**
     * A call status callback: with a parent, about the dialled leg of the interaction whose inbound call is the parent;
     * without, about the inbound call itself. {@code durationSeconds} (Twilio's CallDuration) counts only with
     * {@code completed}: Twilio sends it with the final status, and an earlier one would be a guess.
     */
    public void callStatus(String callSid, String parentCallSid, String status, Integer durationSeconds) {
        String known = KNOWN.contains(status) ? status : "unknown";
        Integer duration = "completed".equals(known) && durationSeconds != null && durationSeconds >= 0
                ? durationSeconds : null;
        String inboundCallSid = parentCallSid != null ? parentCallSid : callSid;
        String leg = parentCallSid != null ? Interaction.OUTBOUND : Interaction.INBOUND;
        List<String> interactions = jdbc.queryForList("SELECT sid FROM interactions WHERE inbound_resource_sid = ?",
                String.class, inboundCallSid);
        if (interactions.isEmpty()) {
            log.info("Status callback for unknown call {}: ignored", callSid);
            return;
        }
        commands.sendAndWait(new RecordLegCommand(interactions.get(0), leg, callSid, known, null, 0, TwilioDates.now(),
                duration));
    }

    public void outboundStatus(String resourceSid, String status, Integer errorCode) {
        List<String> interactions = jdbc.queryForList("SELECT sid FROM interactions WHERE outbound_resource_sid = ?",
                String.class, resourceSid);
        if (interactions.isEmpty()) {
            log.info("Status callback for unknown outbound leg {}: ignored", resourceSid);
            return;
        }
        String known = KNOWN.contains(status) ? status : "unknown";
        commands.sendAndWait(new RecordLegCommand(interactions.get(0), Interaction.OUTBOUND, resourceSid, known, errorCode,
                0, TwilioDates.now(), null));
    }
}
