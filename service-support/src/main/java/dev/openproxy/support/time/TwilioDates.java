package dev.openproxy.support.time;

import dev.openproxy.support.web.TwilioApiException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Dates on Twilio's wire: printed as ISO 8601 UTC with seconds ({@code 2015-07-30T20:00:00Z}); accepted with an
 * offset (twilio-node) or without one (twilio-java sends {@code yyyy-MM-dd'T'HH:mm:ss}, meant as UTC).
 */
public final class TwilioDates {

    private static final DateTimeFormatter PRINTED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** What PostgreSQL's timestamptz and every client can hold; beyond it a date is a typo, not a plan. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private TwilioDates() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : PRINTED.format(instant);
    }

    /** Parses a date parameter; a malformed value is a 400 (20001) naming the parameter. */
    public static Instant parse(String parameterName, String value) {
        Instant parsed = parseAnyYear(parameterName, value.trim());
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw TwilioApiException.invalidParameter("Invalid " + parameterName + ": the year must be between 1970 and 9999");
        }
        return parsed;
    }

    private static Instant parseAnyYear(String parameterName, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw TwilioApiException.invalidParameter(
                            "Invalid " + parameterName + ": expected an ISO 8601 date-time such as 2030-01-31T12:00:00Z");
                }
            }
        }
    }

    /** What the API shows and stores: whole seconds, so a value read back equals the value written. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
