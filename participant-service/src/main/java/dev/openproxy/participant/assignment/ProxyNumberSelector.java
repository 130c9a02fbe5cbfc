package dev.openproxy.participant.assignment;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.support.web.TwilioApiException;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Automatic proxy-number selection: a pure, deterministic function of a {@link SelectionRequest}. The rules, in
 * order, each narrowing the pool (Twilio's code when nothing is left, https://www.twilio.com/docs/api/errors/{code}):
 * <ol>
 * <li>the Service's pool (80205 if empty);</li>
 * <li>unreserved numbers only: reserved ones are only used when named (80207);</li>
 * <li>capabilities for the session's mode: message-only needs SMS, voice-only voice, voice-and-message both (80202);</li>
 * <li>GeoMatchLevel: the identifier's country; area-code, overlay and radius only for North American numbers,
 * others fall back to country (80203 for country, 80206 for the stricter levels);</li>
 * <li>never a number the identifier already uses in an active session, nor one a concurrent request just took
 * (80208);</li>
 * <li>NumberSelectionBehavior: prefer-sticky takes the identifier's most recent number if it is still left;
 * avoid-sticky drops it if anything else is left;</li>
 * <li>load: the number with the fewest active participants, then the lowest phone number, then SID.</li>
 * </ol>
 */
public final class ProxyNumberSelector {

    public static final String COUNTRY = "country";
    public static final String AREA_CODE = "area-code";
    public static final String OVERLAY = "overlay";
    public static final String RADIUS = "radius";
    public static final String PREFER_STICKY = "prefer-sticky";
    public static final String AVOID_STICKY = "avoid-sticky";

    private static final Comparator<Candidate> LEAST_LOADED = Comparator.comparingInt(Candidate::activeParticipants)
            .thenComparing(Candidate::phoneNumber)
            .thenComparing(Candidate::sid);

    private ProxyNumberSelector() {
    }

    public static Candidate select(SelectionRequest request) {
        List<Candidate> left = request.pool();
        if (left.isEmpty()) {
            throw new TwilioApiException(ErrorCode.NO_PROXIES_FOR_SERVICE, "This Service has no Proxy numbers configured");
        }
        left = keep(left, candidate -> !candidate.reserved(), ErrorCode.NO_UNRESERVED_PROXY,
                "Every number of the Service's pool is reserved: name one with ProxyIdentifier or ProxyIdentifierSid");
        left = keep(left, candidate -> fitsMode(candidate, request.mode()), ErrorCode.NO_AVAILABLE_MESSAGE_PROXY,
                "No proxy number of the Service has the capabilities the Session's mode (" + request.mode() + ") needs");
        boolean byCountry = effectiveLevel(request.geoMatchLevel(), request.identifier()).equals(COUNTRY);
        left = keep(left, candidate -> geoMatches(request.geoMatchLevel(), request.identifier(), candidate.location()),
                byCountry ? ErrorCode.NO_AVAILABLE_PROXY_FOR_COUNTRY : ErrorCode.NO_AVAILABLE_PROXY,
                byCountry ? "No available Proxy numbers for the participant's country"
                        : "No available Proxy number meets the Service's GeoMatchLevel (" + request.geoMatchLevel() + ")");
        left = keep(left, candidate -> !request.inUseByIdentifier().contains(candidate.sid())
                        && !request.excluded().contains(candidate.sid()), ErrorCode.NO_AVAILABLE_UNUSED_PROXY,
                "All matching proxies for this Participant are already in use in other Sessions");

        String sticky = request.stickyNumberSid();
        if (sticky != null) {
            if (PREFER_STICKY.equals(request.numberSelectionBehavior())) {
                for (Candidate candidate : left) {
                    if (candidate.sid().equals(sticky)) {
                        return candidate;
                    }
                }
            } else if (AVOID_STICKY.equals(request.numberSelectionBehavior())) {
                List<Candidate> others = left.stream().filter(candidate -> !candidate.sid().equals(sticky)).toList();
                if (!others.isEmpty()) {
                    left = others;
                }
            }
        }
        return left.stream().min(LEAST_LOADED).orElseThrow();
    }

    static boolean fitsMode(Candidate candidate, String mode) {
        return switch (mode) {
            case "message-only" -> candidate.sms();
            case "voice-only" -> candidate.voice();
            default -> candidate.sms() && candidate.voice();
        };
    }

    /** Levels finer than country exist only in North America (spec: "only available in North America"). */
    static String effectiveLevel(String level, Location identifier) {
        if (level == null || !identifier.northAmerican()) {
            return COUNTRY;
        }
        return switch (level) {
            case AREA_CODE, OVERLAY, RADIUS -> level;
            default -> COUNTRY;
        };
    }

    static boolean geoMatches(String level, Location identifier, Location number) {
        if (identifier.isoCountry() == null) {
            return true;
        }
        return switch (effectiveLevel(level, identifier)) {
            case AREA_CODE -> identifier.areaCode().equals(number.areaCode());
            // No rate-centre coordinates ship with OpenProxy: a radius is approximated by the overlay complex.
            case OVERLAY, RADIUS -> number.areaCode() != null && NanpOverlays.sameArea(identifier.areaCode(), number.areaCode());
            default -> identifier.isoCountry().equals(number.isoCountry());
        };
    }

    private static List<Candidate> keep(List<Candidate> candidates, Predicate<Candidate> rule, ErrorCode code,
                                        String message) {
        List<Candidate> kept = candidates.stream().filter(rule).toList();
        if (kept.isEmpty()) {
            throw new TwilioApiException(code, message);
        }
        return kept;
    }
}
