package dev.openproxy.support.web;

import org.axonframework.messaging.HandlerExecutionException;

import java.util.Optional;

/** Finds the {@link TwilioApiException} behind an exception, however Axon or Spring wrapped it. */
final class TwilioRejections {

    private TwilioRejections() {
    }

    static TwilioApiException find(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof TwilioApiException rejection) {
                return rejection;
            }
            if (t instanceof HandlerExecutionException handlerFailure) {
                Optional<Object> details = handlerFailure.getDetails();
                if (details.isPresent() && details.get() instanceof TwilioApiException rejection) {
                    return rejection;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
