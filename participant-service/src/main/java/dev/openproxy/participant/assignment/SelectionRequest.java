package dev.openproxy.participant.assignment;

import java.util.List;
import java.util.Set;

/**
 * Everything automatic selection depends on, so that {@link ProxyNumberSelector} is a pure function.
 *
 * @param pool                    every number of the Service's pool, reserved ones included
 * @param mode                    the session's mode: message-only, voice-only or voice-and-message
 * @param identifier              where the participant's own number belongs
 * @param geoMatchLevel           the Service's: country, area-code, overlay or radius
 * @param numberSelectionBehavior the Service's: prefer-sticky or avoid-sticky
 * @param inUseByIdentifier       numbers this identifier already has in active sessions (never chosen)
 * @param stickyNumberSid         the number the identifier had most recently in this Service, or null
 * @param excluded                numbers a concurrent request took while this one was choosing (never chosen)
 */
public record SelectionRequest(List<Candidate> pool, String mode, Location identifier, String geoMatchLevel,
                               String numberSelectionBehavior, Set<String> inUseByIdentifier, String stickyNumberSid,
                               Set<String> excluded) {
}
