package dev.openproxy.gateway.edge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormBodyTest {

    private static org.springframework.util.MultiValueMap<String, String> parse(String raw) throws FormBody.MalformedException {
        return FormBody.parse(raw.getBytes(StandardCharsets.UTF_8), "the body");
    }

    @Test
    void decodesPercentEscapesPlusSignsAndRepeatedNames() throws Exception {
        var values = parse("Identifier=%2B15551234567&Name=Caf%C3%A9+Z%C3%BCrich&Participants=a&Participants=b");

        assertThat(values.getFirst("Identifier")).isEqualTo("+15551234567");
        assertThat(values.getFirst("Name")).isEqualTo("Café Zürich");
        assertThat(values.get("Participants")).containsExactly("a", "b");
    }

    @Test
    void isLenientWhereClientsAre() throws Exception {
        var values = parse("a=1&&b&=x&c=");

        assertThat(values.getFirst("a")).isEqualTo("1");
        assertThat(values.getFirst("b")).isEmpty();
        assertThat(values.getFirst("")).isEqualTo("x");
        assertThat(values.getFirst("c")).isEmpty();
    }

    @Test
    void refusesBrokenEscapesInvalidUtf8AndNul() {
        for (String raw : List.of("a=%", "a=%4", "a=%zz", "a=%FF", "a=%C3%28", "a=%ED%A0%80", "a=x%00y", "%00=1")) {
            assertThatThrownBy(() -> parse(raw)).as(raw).isInstanceOf(FormBody.MalformedException.class)
                    .hasMessageContaining("the body").message().doesNotContain("%");
        }
    }

    @Test
    void pathSegmentsKeepPlusSigns() throws Exception {
        assertThat(FormBody.decodePathSegment("a+b%20c")).isEqualTo("a+b c");
    }
}
