package dev.openproxy.numberpool.phonenumbers.api;

import dev.openproxy.support.web.TwilioApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyNumberTest {

    @Test
    void e164NumbersAreNormalisedWithTheirCountry() {
        ProxyNumber us = ProxyNumber.parse(" +1 (415) 555-0100 ");
        assertThat(us.e164()).isEqualTo("+14155550100");
        assertThat(us.isoCountry()).isEqualTo("US");
        assertThat(us.national()).isEqualTo("(415) 555-0100");
        assertThat(ProxyNumber.parse("+33612345678").isoCountry()).isEqualTo("FR");
        assertThat(ProxyNumber.parse("+4930123456").isoCountry()).isEqualTo("DE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1", "abc", "+123456789012345678901234567890", "", "   ", "14155550100", "+1415555010",
            "+14155550100;ext=12", "+1415555abcd", "++14155550100"})
    void invalidNumbersAreTwilioInvalidParameterErrors(String input) {
        assertThatThrownBy(() -> ProxyNumber.parse(input))
                .isInstanceOf(TwilioApiException.class)
                .satisfies(e -> assertThat(((TwilioApiException) e).error().code()).isEqualTo(20001));
    }

    @Test
    void aMissingNumberIsAMissingParameter() {
        assertThatThrownBy(() -> ProxyNumber.parse(null)).isInstanceOf(TwilioApiException.class)
                .hasMessageContaining("Missing required parameter PhoneNumber");
    }
}
