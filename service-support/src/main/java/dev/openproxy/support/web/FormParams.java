package dev.openproxy.support.web;

import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.time.TwilioDates;
import org.springframework.util.MultiValueMap;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed access to Twilio's form-encoded PascalCase parameters. Every malformed value is a 400 with code 20001
 * that names the parameter. A parameter sent empty is "present and blank", which update operations use to clear
 * an optional value (as Twilio does for callback URLs).
 */
public final class FormParams {

    private static final int MAX_UNIQUE_NAME = 191;
    /** Twilio's limit for callback URLs (Proxy limits page). */
    private static final int MAX_URL = 4000;
    /** ASCII digits only: Integer.parseInt would also take other scripts' digits. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private final MultiValueMap<String, String> values;

    public FormParams(MultiValueMap<String, String> values) {
        this.values = values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The raw value, or null when absent. */
    public String text(String name) {
        return values.getFirst(name);
    }

    public String required(String name) {
        String value = text(name);
        if (value == null || value.isBlank()) {
            throw TwilioApiException.missingParameter(name);
        }
        return value;
    }

    /** A non-negative 32-bit integer (seconds, counts: Twilio's {@code integer}); null when absent. */
    public Integer nonNegativeInt(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        String digits = value.trim();
        if (!INTEGER.matcher(digits).matches()) {
            throw TwilioApiException.invalidParameter("Invalid " + name + ": expected an integer");
        }
        try {
            int parsed = Integer.parseInt(digits);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException tooLong) {
            // Out of int's range: the same answer as a negative value.
        }
        throw TwilioApiException.invalidParameter(name + " must be between 0 and " + Integer.MAX_VALUE);
    }

    /** One of Twilio's dash-case enum values; null when absent. */
    public String oneOf(String name, Set<String> allowed) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw TwilioApiException.invalidParameter("Invalid " + name + ": must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }

    /** An absolute http(s) URL; "" when sent blank (meaning: clear it); null when absent. */
    public String url(String name) {
        String value = text(name);
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.length() > MAX_URL) {
            throw TwilioApiException.invalidParameter(name + " must be " + MAX_URL + " characters or fewer");
        }
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw TwilioApiException.invalidParameter("Invalid " + name + ": expected an absolute http or https URL");
            }
            return value;
        } catch (URISyntaxException e) {
            throw TwilioApiException.invalidParameter("Invalid " + name + ": expected an absolute http or https URL");
        }
    }

    /** A SID with the given prefix; "" when sent blank; null when absent. */
    public String sid(String name, SidPrefix prefix) {
        String value = text(name);
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (!prefix.matches(value)) {
            throw TwilioApiException.invalidParameter("Invalid " + name + ": expected a SID starting with " + prefix.prefix());
        }
        return value;
    }

    /** A UniqueName: at most 191 characters (Twilio's limit); null when absent. */
    public String uniqueName(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw TwilioApiException.invalidParameter(name + " must not be blank");
        }
        if (value.length() > MAX_UNIQUE_NAME) {
            throw TwilioApiException.invalidParameter(name + " must be " + MAX_UNIQUE_NAME + " characters or fewer");
        }
        return value;
    }

    /** A date-time with or without offset; "" is not allowed; null when absent. */
    public Instant dateTime(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        return TwilioDates.parse(name, value);
    }
}
