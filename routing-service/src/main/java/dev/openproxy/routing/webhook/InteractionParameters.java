package dev.openproxy.routing.webhook;

import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.interaction.InteractionRow;
import dev.openproxy.support.time.TwilioDates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The camelCase parameters Twilio sends a Service's CallbackUrl and InterceptCallbackUrl about an Interaction
 * (https://www.twilio.com/docs/proxy/api/webhooks): {@code interaction*}, {@code inbound*} and, for the CallbackUrl,
 * {@code outbound*}. Absent values are left out, as form parameters.
 */
final class InteractionParameters {

    private InteractionParameters() {
    }

    static Map<String, List<String>> of(InteractionRow row, CarrierProperties carrier, boolean withOutbound) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        put(params, "interactionSid", row.sid());
        put(params, "interactionAccountSid", row.accountSid());
        put(params, "interactionServiceSid", row.serviceSid());
        put(params, "interactionSessionSid", row.sessionSid());
        put(params, "interactionType", capitalized(row.type()));
        put(params, "interactionData", row.data() == null ? "" : row.data());
        put(params, "interactionDateCreated", TwilioDates.format(row.dateCreated()));
        put(params, "interactionDateUpdated", TwilioDates.format(row.dateUpdated()));
        put(params, "inboundParticipantSid", row.inboundParticipantSid());
        put(params, "inboundResourceSid", row.inboundResourceSid());
        put(params, "inboundResourceStatus", row.inboundResourceStatus());
        put(params, "inboundResourceType", row.inboundResourceType());
        put(params, "inboundResourceUrl", row.inboundResourceSid() == null ? null : carrier.messageUrl(row.inboundResourceSid()));
        if (withOutbound) {
            put(params, "outboundParticipantSid", row.outboundParticipantSid());
            put(params, "outboundResourceSid", row.outboundResourceSid());
            put(params, "outboundResourceStatus", row.outboundResourceStatus());
            put(params, "outboundResourceType", row.outboundResourceType());
            put(params, "outboundResourceUrl", row.outboundResourceSid() == null ? null
                    : carrier.messageUrl(row.outboundResourceSid()));
        }
        return params;
    }

    static void put(Map<String, List<String>> params, String name, String value) {
        if (value != null) {
            params.put(name, List.of(value));
        }
    }

    /** Twilio's webhook example writes the type as {@code Voice}; the Interaction resource as {@code voice}. */
    private static String capitalized(String type) {
        return type == null || type.isEmpty() ? type : type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1);
    }
}
