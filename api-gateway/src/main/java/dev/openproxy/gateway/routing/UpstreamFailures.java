package dev.openproxy.gateway.routing;

import dev.openproxy.gateway.error.TwilioErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Turns a failed forward into Twilio's error JSON: an unreachable or timed-out service is 503 / 20503
 * (clients and twilio-java retry those), anything else is 500 / 20500.
 */
final class UpstreamFailures {

    private static final Logger log = LoggerFactory.getLogger(UpstreamFailures.class);

    private UpstreamFailures() {
    }

    static ServerResponse respond(Throwable failure, ServerRequest request, String routeId) {
        // Log the route and the root cause only: the exception message carries the upstream URL and query,
        // which may contain personal data such as phone numbers.
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        if (failure instanceof ResourceAccessException) {
            log.warn("Route {}: {} request could not reach the service ({}: {})", routeId, request.method(),
                    cause.getClass().getSimpleName(), cause.getMessage());
            return TwilioErrors.response(TwilioErrors.serviceUnavailable());
        }
        log.error("Route {}: {} request failed ({})", routeId, request.method(), cause.getClass().getName());
        return TwilioErrors.response(TwilioErrors.internalError());
    }
}
