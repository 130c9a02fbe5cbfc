package dev.openproxy.participant.pairs;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.support.web.TwilioApiException;

/**
 * The unique index on (identifier, proxy number) rejected a reservation: a concurrent request took the pair
 * first. Automatic selection catches it and picks another number; for a number the client named it reaches the
 * client as Twilio's 80623 "Duplicate Participant Request" (HTTP 409), https://www.twilio.com/docs/api/errors/80623.
 */
public class PairTakenException extends TwilioApiException {

    private final String proxyNumberSid;

    public PairTakenException(String proxyNumberSid) {
        super(ErrorCode.DUPLICATE_PARTICIPANT_REQUEST,
                "A simultaneous request made this identifier a participant with the same proxy identifier in another Session");
        this.proxyNumberSid = proxyNumberSid;
    }

    public String proxyNumberSid() {
        return proxyNumberSid;
    }

    /** The exception behind a failed command, however Axon or Spring wrapped it; null if there is none. */
    public static PairTakenException find(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof PairTakenException taken) {
                return taken;
            }
            if (t instanceof org.axonframework.messaging.HandlerExecutionException failure
                    && failure.getDetails().orElse(null) instanceof PairTakenException taken) {
                return taken;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
