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
    /** Phone Number Not Available: the number is already in a Proxy number pool (one Service per number). */
    PHONE_NUMBER_NOT_AVAILABLE(80601, 400),
    /** Session UniqueName must be unique within its Service. */
    NON_UNIQUE_SESSION_NAME(80603, 400),
    /** Session is closed and cannot be updated. */
    SESSION_CLOSED(80607, 400),
    /** Session status transition not allowed. */
    SESSION_STATUS_INVALID(80608, 400),
    /** The identifier is already a participant in the Session (also after a soft delete: it cannot be re-added). */
    PARTICIPANT_ALREADY_IN_SESSION(80103, 400),
    /** No proxy number of the pool has the capabilities the Session's mode needs. */
    NO_AVAILABLE_MESSAGE_PROXY(80202, 400),
    /** No available proxy number for the participant's country. */
    NO_AVAILABLE_PROXY_FOR_COUNTRY(80203, 400),
    /** The Service has no proxy numbers. */
    NO_PROXIES_FOR_SERVICE(80205, 400),
    /** No proxy number meets the Service's GeoMatchLevel. */
    NO_AVAILABLE_PROXY(80206, 400),
    /** Every number of the pool is reserved: none can be chosen automatically. */
    NO_UNRESERVED_PROXY(80207, 400),
    /** All matching proxy numbers are already used by this participant in other active Sessions. */
    NO_AVAILABLE_UNUSED_PROXY(80208, 400),
    /** The participant identifier is not a valid phone number or channel address. */
    PARTICIPANT_IDENTIFIER_INVALID(80404, 400),
    /** The (identifier, proxy identifier) pair is already active in another Session. */
    PROXY_IDENTIFIER_IN_USE(80604, 400),
    /** The proxy identifier is not in the Service's pool. */
    PROXY_IDENTIFIER_NOT_IN_SERVICE(80605, 400),
    /** A Session may have at most 2 participants. */
    TOO_MANY_PARTICIPANTS(80609, 400),
    /** A simultaneous request took the same (identifier, proxy identifier) pair first. */
    DUPLICATE_PARTICIPANT_REQUEST(80623, 409);

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
