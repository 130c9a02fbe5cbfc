package dev.openproxy.contracts.privacy;

import java.util.regex.Pattern;

/**
 * Masks anything that looks like a phone number in E.164 form, as text or form-encoded: a {@code +} (or {@code %2B})
 * followed by 7 to 15 digits, which may be grouped by spaces, dots, dashes or parentheses ({@code +1 (415) 555-0100}).
 * SIDs, counts and times are left alone: their digits never follow a {@code +}. Every process's structured logs go
 * through this (docs/operations.md, Logs); it is the safety net behind code that already logs SIDs only.
 */
public final class PhoneNumberMasking {

    /** What a phone number becomes. */
    public static final String MASK = "[masked-phone]";

    private static final Pattern PHONE_NUMBER =
            Pattern.compile("(?<![\\w+%])(?:\\+|%2[Bb])\\d(?:[ ().-]{0,2}\\d){6,14}(?!\\d)");

    private PhoneNumberMasking() {
    }

    /** The text with every phone number replaced by {@link #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.indexOf('+') < 0 && !text.contains("%2")) {
            return text;
        }
        return PHONE_NUMBER.matcher(text).replaceAll(MASK);
    }
}
