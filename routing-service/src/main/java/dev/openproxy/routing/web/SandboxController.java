package dev.openproxy.routing.web;

import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.carrier.SandboxCarrier;
import dev.openproxy.routing.inbound.InboundCalls;
import dev.openproxy.routing.inbound.InboundMessages;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in sandbox carrier, only when no PROXY_CARRIER_BASE_URL is set: see what was "sent" and play a participant
 * texting a proxy number (the same path as a carrier webhook, without the signature).
 */
@RestController
@RequestMapping(path = "/sandbox", produces = MediaType.APPLICATION_JSON_VALUE)
public class SandboxController {

    private final CarrierProperties carrier;
    private final InboundMessages inbound;
    private final JdbcTemplate jdbc;
    private final InboundCalls calls;

    public SandboxController(CarrierProperties carrier, InboundMessages inbound, JdbcTemplate jdbc, InboundCalls calls) {
        this.carrier = carrier;
        this.inbound = inbound;
        this.jdbc = jdbc;
        this.calls = calls;
    }

    /** The outbound SMS the sandbox carrier took, oldest first; {@code ?To=} narrows to one recipient. */
    @GetMapping("/messages")
    public Map<String, Object> messages(@RequestParam(name = "To", required = false) String to) {
        requireSandbox();
        // Two statements, not "? IS NULL OR ...": PostgreSQL cannot type a parameter that is only ever null.
        String columns = "SELECT sid, from_number, to_number, body, status_callback, date_created FROM sandbox_messages ";
        List<Map<String, Object>> rows = to == null
                ? jdbc.queryForList(columns + "ORDER BY date_created, sid")
                : jdbc.queryForList(columns + "WHERE to_number = ? ORDER BY date_created, sid", to);
        List<Map<String, Object>> messages = rows.stream().map(row -> {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("sid", row.get("sid"));
            message.put("from", row.get("from_number"));
            message.put("to", row.get("to_number"));
            message.put("body", row.get("body"));
            message.put("status_callback", row.get("status_callback"));
            message.put("date_created", TwilioDates.format(((java.sql.Timestamp) row.get("date_created")).toInstant()));
            return message;
        }).toList();
        return Map.of("messages", messages);
    }

    /** A participant texts a proxy number: From (the participant), To (the proxy number), Body. */
    @PostMapping("/inbound-sms")
    public Map<String, Object> inboundSms(@RequestParam("From") String from, @RequestParam("To") String to,
                                          @RequestParam(name = "Body", required = false) String body) {
        requireSandbox();
        String messageSid = SandboxCarrier.newMessageSid();
        InboundMessages.Result result = inbound.receive(from, to, body == null ? "" : body, messageSid,
                Map.of("MessageSid", List.of(messageSid), "From", List.of(from), "To", List.of(to),
                        "Body", List.of(body == null ? "" : body), "Direction", List.of("inbound")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message_sid", messageSid);
        answer.put("outcome", result.outcome().name().toLowerCase());
        answer.put("interaction_sid", result.interactionSid());
        if (result.twiml() != null) {
            answer.put("twiml", result.twiml());
        }
        return answer;
    }

    /**
     * A participant calls a proxy number: answers the TwiML a carrier would get (a Dial of the partner from the
     * partner's proxy number, or a polite hang-up) and records the voice Interaction.
     */
    @PostMapping(path = "/inbound-call", produces = MediaType.TEXT_XML_VALUE)
    public String inboundCall(@RequestParam("From") String from, @RequestParam("To") String to) {
        requireSandbox();
        String callSid = "CA" + SandboxCarrier.newMessageSid().substring(2);
        return CarrierWebhookController.callTwiml(calls.receive(from, to, callSid, "ringing",
                Map.of("CallSid", List.of(callSid), "From", List.of(from), "To", List.of(to),
                        "CallStatus", List.of("ringing"), "Direction", List.of("inbound"))), carrier);
    }

    private void requireSandbox() {
        if (!carrier.sandbox()) {
            throw TwilioApiException.notFound("/sandbox");
        }
    }
}
