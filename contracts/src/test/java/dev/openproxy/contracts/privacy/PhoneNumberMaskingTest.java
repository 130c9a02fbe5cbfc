package dev.openproxy.contracts.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumberMaskingTest {

    @Test
    void masksE164NumbersPlainGroupedAndFormEncoded() {
        assertThat(PhoneNumberMasking.mask("From +14155551234 to +447700900123."))
                .isEqualTo("From [masked-phone] to [masked-phone].");
        assertThat(PhoneNumberMasking.mask("call +1 (415) 555-1234 or +49 30 1234567"))
                .isEqualTo("call [masked-phone] or [masked-phone]");
        assertThat(PhoneNumberMasking.mask("From=%2B14155551234&To=%2b14155550100&Body=hi"))
                .isEqualTo("From=[masked-phone]&To=[masked-phone]&Body=hi");
        assertThat(PhoneNumberMasking.mask("whatsapp:+14155551234")).isEqualTo("whatsapp:[masked-phone]");
    }

    @Test
    void leavesSidsCountsTimesAndShortNumbersAlone() {
        String text = "Session KS0123456789abcdef0123456789abcdef closed at 2025-01-02T03:04:05Z after 12345678 ms; "
                + "token 1700000000000, +123456 (too short), retry +1";
        assertThat(PhoneNumberMasking.mask(text)).isEqualTo(text);
        assertThat(PhoneNumberMasking.mask(null)).isNull();
    }

    @Test
    void masksNumbersOfAnyLengthE164Allows() {
        assertThat(PhoneNumberMasking.mask("+1234567")).isEqualTo("[masked-phone]");
        assertThat(PhoneNumberMasking.mask("+123456789012345")).isEqualTo("[masked-phone]");
    }
}
