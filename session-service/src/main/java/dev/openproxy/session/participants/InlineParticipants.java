package dev.openproxy.session.participants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.support.web.TwilioApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Participants} parameter of CreateSession: repeated, each value a JSON object string (twilio-node
 * sends {@code JSON.stringify}, twilio-java its map as JSON). Keys are taken as Twilio's PascalCase parameter
 * names, also in camelCase or snake_case, because the spec does not fix them.
 */
public final class InlineParticipants {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("identifier", "Identifier"),
            Map.entry("friendlyname", "FriendlyName"),
            Map.entry("proxyidentifier", "ProxyIdentifier"),
            Map.entry("proxyidentifiersid", "ProxyIdentifierSid"));

    private InlineParticipants() {
    }

    /** Each participant as the form parameters of a CreateParticipant request. */
    public static List<Map<String, String>> parse(List<String> values) {
        List<Map<String, String>> participants = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            participants.add(parseOne(value));
        }
        return participants;
    }

    private static Map<String, String> parseOne(String value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw TwilioApiException.invalidParameter("Invalid Participants: each must be a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw TwilioApiException.invalidParameter("Invalid Participants: each must be a JSON object");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            String parameter = PARAMETERS.get(field.getKey().replace("_", "").toLowerCase());
            if (parameter != null && !field.getValue().isNull()) {
                parameters.put(parameter, field.getValue().asText());
            }
        });
        if (!parameters.containsKey("Identifier")) {
            throw TwilioApiException.invalidParameter("Missing required parameter Identifier in Participants");
        }
        return parameters;
    }
}
