package dev.openproxy.numberpool.phonenumbers.api;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.support.web.TwilioApiException;

/** The pool's own rejections, in one place so the controller, the aggregate and the projection word them alike. */
public final class PoolRejections {

    private PoolRejections() {
    }

    /** Twilio 80601: "PhoneNumber is not available. It may be bound to a number pool." */
    public static TwilioApiException notAvailable() {
        return new TwilioApiException(ErrorCode.PHONE_NUMBER_NOT_AVAILABLE,
                "Phone Number is not available: it is already in a Proxy number pool");
    }

    /** Twilio documents the limits (5,000 reserved, 500 unreserved per Service) but no error code: ours is 20001. */
    public static TwilioApiException limitReached(boolean reserved, int limit) {
        return TwilioApiException.invalidParameter("The Service's number pool already holds " + limit + " "
                + (reserved ? "reserved" : "unreserved") + " phone numbers, the most it may hold");
    }

    public static TwilioApiException notFound(String serviceSid, String phoneNumberSid) {
        return TwilioApiException.notFound("/Services/" + serviceSid + "/PhoneNumbers/" + phoneNumberSid);
    }

    public static TwilioApiException serviceNotFound(String serviceSid) {
        return TwilioApiException.notFound("/Services/" + serviceSid);
    }

    /** Ours: removing a number that active sessions use would silently break their routing (docs/api.md). */
    public static TwilioApiException inUse(int sessions) {
        return TwilioApiException.invalidParameter("Phone Number is in use by " + sessions + " open or in-progress "
                + (sessions == 1 ? "Session" : "Sessions") + ": close them, or remove their Participants, before deleting it");
    }
}
