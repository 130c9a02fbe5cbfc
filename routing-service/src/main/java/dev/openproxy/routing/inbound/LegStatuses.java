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

    public void callStatus(String callSid, String parentCallSid, String status) {
        String known = KNOWN.contains(status) ? status : "unknown";
        if (parentCallSid != null) {
            List<String> interactions = jdbc.queryForList("SELECT sid FROM interactions WHERE inbound_resource_sid = ?",
                    String.class, parentCallSid);
            if (!interactions.isEmpty()) {
                commands.sendAndWait(new RecordLegCommand(interactions.get(0), Interaction.OUTBOUND, callSid, known, null,
                        0, TwilioDates.now()));
                return;
            }
        } else {
            List<String> interactions = jdbc.queryForList("SELECT sid FROM interactions WHERE inbound_resource_sid = ?",
                    String.class, callSid);
            if (!interactions.isEmpty()) {
                commands.sendAndWait(new RecordLegCommand(interactions.get(0), Interaction.INBOUND, callSid, known, null,
                        0, TwilioDates.now()));
                return;
            }
        }
        log.info("Status callback for unknown call {}: ignored", callSid);
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
                0, TwilioDates.now()));
    }
}
