package dev.openproxy.participant.participants.api;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.support.web.TwilioApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifierTest {

    @Test
    void phoneNumbersAreNormalisedToE164() {
        assertThat(Identifier.parse("+1 (415) 555-1212").value()).isEqualTo("+14155551212");
        assertThat(Identifier.parse("+44 20 7946 0958").value()).isEqualTo("+442079460958");
        assertThat(Identifier.parse(" +14155551212 ").phone()).isPresent();
    }

    @Test
    void channelAddressesAreAccepted() {
        assertThat(Identifier.parse("messenger:123456").value()).isEqualTo("messenger:123456");
        assertThat(Identifier.parse("messenger:123456").phone()).isEmpty();
        assertThat(Identifier.parse("whatsapp:+1 415 555 1212").value()).isEqualTo("whatsapp:+14155551212");
        assertThat(Identifier.parse("WhatsApp:+14155551212").phone()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-number", "14155551212", "+1415", "+999123456789", "whatsapp:hello",
            "messenger:", "pigeon:123", "messenger:has space", "+1 555 867 5310"})
    void anythingElseIs80404(String raw) {
        assertThatThrownBy(() -> Identifier.parse(raw))
                .isInstanceOfSatisfying(TwilioApiException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ErrorCode.PARTICIPANT_IDENTIFIER_INVALID.code()));
    }

    @Test
    void anIdentifierLongerThan191CharactersIs20001() {
        assertThatThrownBy(() -> Identifier.parse("messenger:" + "1".repeat(182)))
                .isInstanceOfSatisfying(TwilioApiException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ErrorCode.INVALID_PARAMETER.code()));
        assertThat(Identifier.parse("messenger:" + "1".repeat(181)).value()).hasSize(191);
    }

    @Test
    void toStringHidesTheValue() {
        assertThat(Identifier.parse("+14155551212").toString()).doesNotContain("4155551212");
    }
}
