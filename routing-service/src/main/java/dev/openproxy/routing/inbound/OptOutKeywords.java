package dev.openproxy.routing.inbound;

import java.util.Locale;
import java.util.Set;

/**
 * Twilio Proxy "will not forward STOP, UNSUBSCRIBE, END, CANCEL, QUIT, STOPALL, ARRETT, ARRET, ARRETE" (opt-out
 * keywords page), matched case-insensitively on the whole message, surrounding blanks ignored. Opt-in and help
 * keywords are forwarded "except UNSTOP", which is not forwarded either.
 */
public final class OptOutKeywords {

    private static final Set<String> KEYWORDS = Set.of("STOP", "UNSUBSCRIBE", "END", "CANCEL", "QUIT", "STOPALL",
            "ARRET", "ARRETE", "ARRETT", "UNSTOP");

    private OptOutKeywords() {
    }

    public static boolean isOptOut(String body) {
        return body != null && KEYWORDS.contains(body.strip().toUpperCase(Locale.ROOT));
    }
}
