package dev.openproxy.contracts.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Twilio's error body, as twilio-java's RestException and twilio-node read it:
 * {@code {"code": 20404, "message": "...", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}}.
 */
public record TwilioError(
        int code,
        String message,
        @JsonProperty("more_info") String moreInfo,
        int status) {

    public static TwilioError of(int code, String message, int status) {
        return new TwilioError(code, message, "https://www.twilio.com/docs/errors/" + code, status);
    }
}
