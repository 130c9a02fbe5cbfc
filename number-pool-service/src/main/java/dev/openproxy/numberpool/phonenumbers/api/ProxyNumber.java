package dev.openproxy.numberpool.phonenumbers.api;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.openproxy.support.web.TwilioApiException;

import java.util.regex.Pattern;

/**
 * A proxy number as the pool keeps it: E.164 ({@code +14155550100}), checked against libphonenumber's numbering
 * plans, with the ISO country it belongs to. Twilio's {@code PhoneNumber} parameter is "in E.164 format";
 * spaces, dots, dashes and brackets are tolerated and removed; a missing {@code +}, letters, an extension or a
 * number that no numbering plan assigns is 20001.
 *
 * @param e164       the normalised number
 * @param isoCountry ISO 3166-1 alpha-2 code, e.g. {@code US}; null for non-geographic numbers (+800, +882, ...)
 * @param national   the number as dialled in its country, e.g. {@code (415) 555-0100}: the default friendly name
 */
public record ProxyNumber(String e164, String isoCountry, String national) {

    private static final PhoneNumberUtil NUMBERS = PhoneNumberUtil.getInstance();
    /** Longer input is not a phone number in any format; parsing it would only cost time. */
    private static final int MAX_INPUT = 64;
    /** A plus, then digits and the usual separators: no letters (libphonenumber would read them as a keypad's digits). */
    private static final Pattern SHAPE = Pattern.compile("\\+[0-9][0-9 ().-]*");
    private static final String EXPECTED = "Invalid PhoneNumber: expected a valid number in E.164 format, such as +14155550100";

    public static ProxyNumber parse(String input) {
        if (input == null || input.isBlank()) {
            throw TwilioApiException.missingParameter("PhoneNumber");
        }
        String text = input.strip();
        if (text.length() > MAX_INPUT || !SHAPE.matcher(text).matches()) {
            throw TwilioApiException.invalidParameter(EXPECTED);
        }
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = NUMBERS.parse(text, null);
        } catch (NumberParseException e) {
            throw TwilioApiException.invalidParameter(EXPECTED);
        }
        if (parsed.hasExtension() || !NUMBERS.isValidNumber(parsed)) {
            throw TwilioApiException.invalidParameter(EXPECTED);
        }
        String region = NUMBERS.getRegionCodeForNumber(parsed);
        boolean geographic = region != null && region.length() == 2;
        return new ProxyNumber(NUMBERS.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164),
                geographic ? region : null,
                NUMBERS.format(parsed, PhoneNumberUtil.PhoneNumberFormat.NATIONAL));
    }
}
