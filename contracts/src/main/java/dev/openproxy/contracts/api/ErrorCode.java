package dev.openproxy.contracts.api;

/**
 * The Twilio error codes this platform returns, with their HTTP status. Pages:
 * https://www.twilio.com/docs/api/errors/{code}. Proxy codes and their meaning are collected in
 * shared/reference/twilio-proxy-api.md, section 3.5.
 */
public enum ErrorCode {
    /** Invalid or missing parameter. */
    INVALID_PARAMETER(20001, 400),
    /** Authentication failed (bad or missing credentials). */
    AUTHENTICATION_FAILED(20003, 401),
    /** Method not allowed on this resource. */
    METHOD_NOT_ALLOWED(20004, 405),
    /** The requested resource was not found (also: another account's resource). */
    NOT_FOUND(20404, 404),
    /** Too many requests. */
    TOO_MANY_REQUESTS(20429, 429),
    /** Internal server error. */
    INTERNAL_ERROR(20500, 500),
    /** Service unavailable (a backing service is down). */
    SERVICE_UNAVAILABLE(20503, 503),
    /** Session with the given unique name not found. */
    SESSION_UNIQUE_NAME_NOT_FOUND(80308, 404),
    /** Session UniqueName must be unique within its Service. */
    NON_UNIQUE_SESSION_NAME(80603, 400),
    /** Session is closed and cannot be updated. */
    SESSION_CLOSED(80607, 400),
    /** Session status transition not allowed. */
    SESSION_STATUS_INVALID(80608, 400);

    private final int code;
    private final int httpStatus;

    ErrorCode(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public TwilioError error(String message) {
        return TwilioError.of(code, message, httpStatus);
    }
}
