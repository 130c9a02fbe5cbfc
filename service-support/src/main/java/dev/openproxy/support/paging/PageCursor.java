package dev.openproxy.support.paging;

import dev.openproxy.support.web.TwilioApiException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page ends in a list ordered by (date_created, sid): the keyset the next page starts after. Keyset
 * paging keeps pages stable while rows are added, which an offset would not. Printed as Twilio-style
 * opaque {@code PageToken}s ("PA" + base64url).
 */
public record PageCursor(Instant createdAt, String sid) {

    private static final String PREFIX = "PA";

    public String token() {
        String raw = createdAt.getEpochSecond() + ":" + sid;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor parse(String token) {
        try {
            if (!token.startsWith(PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            String raw = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            return new PageCursor(Instant.ofEpochSecond(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
        } catch (RuntimeException e) {
            throw TwilioApiException.invalidParameter("Invalid PageToken");
        }
    }
}
