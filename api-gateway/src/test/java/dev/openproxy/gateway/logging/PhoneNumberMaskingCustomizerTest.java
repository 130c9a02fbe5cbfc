package dev.openproxy.gateway.logging;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonWriter;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumberMaskingCustomizerTest {

    @Test
    void everyStringMemberIsMaskedNestedOnesIncluded() {
        JsonWriter<Map<String, Object>> writer = JsonWriter.of(members -> {
            members.add("message", event -> event.get("message"));
            members.add("error").usingMembers(error -> error.add("stack_trace", event -> event.get("trace")));
            members.add("count", event -> event.get("count"));
            new PhoneNumberMaskingCustomizer().customize((JsonWriter.Members) members);
        });

        String json = writer.writeToString(Map.of("message", "From +14155551234", "trace", "To=%2B14155550100",
                "count", 14155551234L));

        assertThat(json).isEqualTo("{\"message\":\"From [masked-phone]\",\"error\":{\"stack_trace\":\"To=[masked-phone]\"},"
                + "\"count\":14155551234}");
    }
}
