package dev.openproxy.participant.participants.api;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.support.web.TwilioApiException;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A participant's identifier, validated and normalised: an E.164 phone number ({@code +14155551212}, also accepted
 * with spaces, dashes and brackets) or a channel address ({@code messenger:1234}, {@code whatsapp:+14155551212}).
 * Anything else is Twilio's 80404 ("Participant Identifier Invalid", https://www.twilio.com/docs/api/errors/80404).
 * Its {@code toString} never prints the value: identifiers are personal data.
 *
 * @param value the normalised identifier, as stored and printed
 * @param phone the phone number inside it (the number itself, or a WhatsApp address's number); empty for
 *              channel addresses without one (Messenger and the like), which match any country
 */
public record Identifier(String value, Optional<PhoneNumber> phone) {

    /** Twilio: "This value must be 191 characters or fewer." */
    public static final int MAX_LENGTH = 191;

    /** Channels whose address is an opaque id. */
    private static final Set<String> OPAQUE_CHANNELS = Set.of("messenger", "gbm", "rcs", "chat");
    /** Channels whose address is a phone number. */
    private static final Set<String> NUMBER_CHANNELS = Set.of("whatsapp");
    private static final Pattern OPAQUE_ADDRESS = Pattern.compile("[\\p{L}\\p{N}._@+-]+");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    public static Identifier parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw TwilioApiException.missingParameter("Identifier");
        }
        String text = raw.trim();
        if (text.length() > MAX_LENGTH) {
            throw TwilioApiException.invalidParameter("Identifier must be " + MAX_LENGTH + " characters or fewer");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            PhoneNumber phone = phoneNumber(text).orElseThrow(Identifier::invalid);
            return new Identifier(e164(phone), Optional.of(phone));
        }
        String channel = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String address = text.substring(colon + 1);
        if (NUMBER_CHANNELS.contains(channel)) {
            PhoneNumber phone = phoneNumber(address).orElseThrow(Identifier::invalid);
            return new Identifier(channel + ":" + e164(phone), Optional.of(phone));
        }
        if (OPAQUE_CHANNELS.contains(channel) && OPAQUE_ADDRESS.matcher(address).matches()) {
            return new Identifier(channel + ":" + address, Optional.empty());
        }
        throw invalid();
    }

    /** A proxy number or ProxyIdentifier parameter: E.164 only; empty when it is not a valid number. */
    public static Optional<String> normaliseNumber(String raw) {
        return raw == null ? Optional.empty() : phoneNumber(raw.trim()).map(Identifier::e164);
    }

    private static Optional<PhoneNumber> phoneNumber(String text) {
        if (!text.startsWith("+")) {
            return Optional.empty();
        }
        try {
            PhoneNumber phone = PHONES.parse(text, null);
            return PHONES.isValidNumber(phone) ? Optional.of(phone) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static String e164(PhoneNumber phone) {
        return PHONES.format(phone, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    private static TwilioApiException invalid() {
        return new TwilioApiException(ErrorCode.PARTICIPANT_IDENTIFIER_INVALID,
                "Participant Identifier invalid: Identifier must be an E.164 phone number such as +14155551212 or a channel address such as messenger:1234");
    }

    @Override
    public String toString() {
        return "Identifier[redacted]";
    }
}
