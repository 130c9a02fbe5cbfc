package dev.openproxy.gateway.edge;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict reading of {@code application/x-www-form-urlencoded} text (a form body or a query string): every
 * {@code %} must start a two-digit escape, the decoded bytes must be UTF-8, and no value may hold a NUL character
 * (PostgreSQL cannot store one in text, so a service would fail on it). Lenient where browsers and Twilio's
 * libraries are: empty pairs, a name without {@code =}, and {@code +} for a space.
 */
public final class FormBody {

    private FormBody() {
    }

    /** Input that is not well-formed form encoding; the message says what is wrong, never the value. */
    public static final class MalformedException extends Exception {

        public MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses form-encoded bytes (raw non-ASCII bytes are read as UTF-8, as servers do). */
    public static MultiValueMap<String, String> parse(byte[] raw, String what) throws MalformedException {
        MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '&') {
                if (i > start) {
                    int equals = indexOf(raw, (byte) '=', start, i);
                    String name = decode(raw, start, equals < 0 ? i : equals, true, what);
                    String value = equals < 0 ? "" : decode(raw, equals + 1, i, true, what);
                    values.add(name, value);
                }
                start = i + 1;
            }
        }
        return values;
    }

    /** Percent-decodes one path segment ({@code +} stays a plus sign in paths). */
    public static String decodePathSegment(String raw) throws MalformedException {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length, false, "the request path");
    }

    /** The body of a request, parsed; the edge filter has already checked and buffered it. */
    public static MultiValueMap<String, String> read(HttpServletRequest request) throws IOException {
        try {
            return parse(request.getInputStream().readAllBytes(), "the request body");
        } catch (MalformedException e) {
            // RequestInputFilter rejects malformed bodies before a controller runs; this is a second line only.
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String decode(byte[] raw, int from, int to, boolean plusIsSpace, String what)
            throws MalformedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= to) {
                    throw new MalformedException("Malformed percent-encoding in " + what);
                }
                int high = Character.digit(raw[i + 1], 16);
                int low = Character.digit(raw[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw new MalformedException("Malformed percent-encoding in " + what);
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.write(b);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("Invalid UTF-8 in " + what);
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new MalformedException("NUL characters are not allowed in " + what);
        }
        return text;
    }

    private static int indexOf(byte[] raw, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
