package dev.openproxy.routing.web;

import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.contracts.webhook.TwilioSignature;
import dev.openproxy.routing.inbound.InboundCalls;
import dev.openproxy.routing.inbound.InboundMessages;
import dev.openproxy.routing.inbound.LegStatuses;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The carrier's webhooks (DESIGN.md section 4), reached through the gateway at the same paths. Each is checked against
 * X-Twilio-Signature for PROXY_PUBLIC_URL + path; an invalid one gets 403 and changes nothing.
 */
@RestController
@RequestMapping("/carrier/twilio")
public class CarrierWebhookController {

    private static final Logger log = LoggerFactory.getLogger(CarrierWebhookController.class);
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final CarrierProperties carrier;
    private final InboundMessages inbound;
    private final LegStatuses statuses;
    private final InboundCalls calls;

    public CarrierWebhookController(CarrierProperties carrier, InboundMessages inbound, LegStatuses statuses,
                                    InboundCalls calls) {
        this.carrier = carrier;
        this.inbound = inbound;
        this.statuses = statuses;
        this.calls = calls;
    }

    static final String END_CALL_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
            + "<Say>Sorry, this number cannot take your call.</Say><Hangup/></Response>";

    /**
     * An inbound call: answered with {@code <Dial callerId="{partner's proxy number}"><Number>{partner}</Number></Dial>};
     * the dialled leg's status reaches /carrier/twilio/call-status. No session, no partner, or a message-only session
     * (80911): TwiML that says so and hangs up.
     */
    @PostMapping(path = "/voice", produces = MediaType.TEXT_XML_VALUE)
    public ResponseEntity<String> voice(HttpServletRequest request) {
        Map<String, List<String>> params = postParameters(request);
        if (!signed(request, params)) {
            return forbidden();
        }
        String callSid = first(params, "CallSid");
        String from = first(params, "From");
        String to = first(params, "To");
        if (callSid == null || from == null || to == null) {
            return twiml(END_CALL_TWIML);
        }
        return twiml(callTwiml(calls.receive(from, to, callSid, first(params, "CallStatus"), params), carrier));
    }

    /** The TwiML answer to an inbound call. */
    static String callTwiml(InboundCalls.Result result, CarrierProperties carrier) {
        if (result.outcome() == InboundCalls.Outcome.OUT_OF_SESSION_TWIML) {
            return result.twiml();
        }
        if (result.outcome() != InboundCalls.Outcome.DIAL) {
            return END_CALL_TWIML;
        }
        String callback = carrier.publicUrl() + "/carrier/twilio/call-status";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial callerId=\""
                + xml(result.partnerProxyIdentifier()) + "\"><Number statusCallback=\"" + xml(callback)
                + "\" statusCallbackEvent=\"initiated ringing answered completed\">" + xml(result.partnerIdentifier())
                + "</Number></Dial></Response>";
    }

    /**
     * Call status callbacks: with {@code ParentCallSid} they are about the dialled (outbound) leg of the interaction
     * whose inbound call is the parent; without, about an inbound call itself.
     */
    @PostMapping(path = "/call-status", produces = MediaType.TEXT_XML_VALUE)
    public ResponseEntity<String> callStatus(HttpServletRequest request) {
        Map<String, List<String>> params = postParameters(request);
        if (!signed(request, params)) {
            return forbidden();
        }
        String callSid = first(params, "CallSid");
        String status = first(params, "CallStatus");
        if (callSid != null && status != null) {
            statuses.callStatus(callSid, first(params, "ParentCallSid"), status.toLowerCase(java.util.Locale.ROOT),
                    seconds(first(params, "CallDuration")));
        }
        return twiml(EMPTY_TWIML);
    }

    /** Twilio's CallDuration (whole seconds); anything else is ignored rather than failing the callback. */
    private static Integer seconds(String value) {
        return value == null || !value.matches("\\d{1,9}") ? null : Integer.valueOf(value);
    }

    private static String xml(String value) {
        return value == null ? "" : value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
    }

    /**
     * An inbound SMS: relayed to the partner after this answer (outbox), answered with empty TwiML, or with the
     * TwiML of the Service's OutOfSessionCallbackUrl.
     */
    @PostMapping(path = "/messages", produces = MediaType.TEXT_XML_VALUE)
    public ResponseEntity<String> message(HttpServletRequest request) {
        Map<String, List<String>> params = postParameters(request);
        if (!signed(request, params)) {
            return forbidden();
        }
        String messageSid = first(params, "MessageSid");
        if (messageSid == null) {
            messageSid = first(params, "SmsSid");
        }
        String from = first(params, "From");
        String to = first(params, "To");
        if (messageSid == null || from == null || to == null) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
        }
        InboundMessages.Result result = inbound.receive(from, to, first(params, "Body"), messageSid, params);
        // An OutOfSessionCallbackUrl's TwiML (e.g. <Message>) is the carrier's to carry out.
        return twiml(result.outcome() == InboundMessages.Outcome.OUT_OF_SESSION_TWIML ? result.twiml() : EMPTY_TWIML);
    }

    /**
     * The carrier's delivery report for a leg we sent (StatusCallback): MessageSid and MessageStatus (queued, sent,
     * delivered, undelivered, failed, ...) update the interaction's outbound leg. Unknown SIDs are acknowledged and ignored.
     */
    @PostMapping(path = "/message-status", produces = MediaType.TEXT_XML_VALUE)
    public ResponseEntity<String> messageStatus(HttpServletRequest request) {
        Map<String, List<String>> params = postParameters(request);
        if (!signed(request, params)) {
            return forbidden();
        }
        String messageSid = first(params, "MessageSid");
        String status = first(params, "MessageStatus");
        if (status == null) {
            status = first(params, "SmsStatus");
        }
        if (messageSid != null && status != null) {
            String errorCode = first(params, "ErrorCode");
            statuses.outboundStatus(messageSid, status.toLowerCase(java.util.Locale.ROOT),
                    errorCode == null || !errorCode.matches("\\d{1,9}") ? null : Integer.valueOf(errorCode));
        }
        return twiml(EMPTY_TWIML);
    }

    private boolean signed(HttpServletRequest request, Map<String, List<String>> params) {
        String url = carrier.publicUrl() + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        boolean valid = TwilioSignature.valid(carrier.authToken(), url, params, request.getHeader("X-Twilio-Signature"));
        if (!valid) {
            log.warn("Rejected a carrier webhook to {} with a missing or invalid X-Twilio-Signature", request.getRequestURI());
        }
        return valid;
    }

    /** The form parameters of the body: the request's parameters without those of the query string (part of the URL). */
    static Map<String, List<String>> postParameters(HttpServletRequest request) {
        Set<String> queryNames = new HashSet<>();
        if (request.getQueryString() != null) {
            for (String pair : request.getQueryString().split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                queryNames.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
            }
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!queryNames.contains(name)) {
                params.put(name, Arrays.asList(values));
            }
        });
        return params;
    }

    static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank() ? null : values.get(0);
    }

    static ResponseEntity<String> twiml(String body) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(body);
    }

    private static ResponseEntity<String> forbidden() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body("Invalid signature");
    }
}
