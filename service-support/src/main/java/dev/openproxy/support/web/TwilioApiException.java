package dev.openproxy.support.web;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.api.TwilioError;

/** A rejected request, answered with Twilio's error body. Thrown anywhere in a request; rendered by {@link TwilioErrorHandler}. */
public class TwilioApiException extends RuntimeException {

    private final transient TwilioError error;

    public TwilioApiException(ErrorCode code, String message) {
        super(message);
        this.error = code.error(message);
    }

    /** An error another service answered, passed on to the client as it is. */
    public TwilioApiException(TwilioError error) {
        super(error.message());
        this.error = error;
    }

    public TwilioError error() {
        return error;
    }

    public static TwilioApiException notFound(String resourcePath) {
        return new TwilioApiException(ErrorCode.NOT_FOUND, "The requested resource " + resourcePath + " was not found");
    }

    /** A transient state of this service (for example a projection still catching up): the client should retry. */
    public static TwilioApiException unavailable(String message) {
        return new TwilioApiException(ErrorCode.SERVICE_UNAVAILABLE, message);
    }

    public static TwilioApiException invalidParameter(String message) {
        return new TwilioApiException(ErrorCode.INVALID_PARAMETER, message);
    }

    public static TwilioApiException missingParameter(String name) {
        return invalidParameter("Missing required parameter " + name + " in the post body");
    }
}
