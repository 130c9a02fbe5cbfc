package dev.openproxy.gateway.error;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.api.TwilioError;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

/** Twilio-shaped error responses for the gateway's own failures (unknown path, backing service down). */
public final class TwilioErrors {

    private TwilioErrors() {
    }

    /** Twilio's wording for error 20404 (https://www.twilio.com/docs/errors/20404). */
    public static TwilioError notFound(String path) {
        return ErrorCode.NOT_FOUND.error("The requested resource " + path + " was not found");
    }

    public static TwilioError serviceUnavailable() {
        return ErrorCode.SERVICE_UNAVAILABLE.error("Service unavailable, please retry");
    }

    public static TwilioError internalError() {
        return ErrorCode.INTERNAL_ERROR.error("Internal server error");
    }

    /** The closest generic Twilio error for a bare HTTP status, used where the container rejected a request. */
    public static TwilioError forStatus(int status, String path) {
        return switch (status) {
            case 401 -> ErrorCode.AUTHENTICATION_FAILED.error("Authenticate");
            case 404 -> notFound(path);
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.error("Method not allowed");
            case 429 -> ErrorCode.TOO_MANY_REQUESTS.error("Too many requests");
            case 503 -> serviceUnavailable();
            default -> status >= 400 && status < 500
                    ? TwilioError.of(ErrorCode.INVALID_PARAMETER.code(), "Bad request", status)
                    : internalError();
        };
    }

    public static ServerResponse response(TwilioError error) {
        return ServerResponse.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
