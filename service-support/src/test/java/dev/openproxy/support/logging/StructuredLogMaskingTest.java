package dev.openproxy.support.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With only {@code logging.structured.format.console} set, as deploy/ sets it, a service logs ECS JSON and the shared
 * defaults mask phone numbers in the message and the stack trace, and leave SIDs alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogMaskingTest {

    @Configuration(proxyBeanMethods = false)
    static class NothingElse {
    }

    @Test
    void structuredLogsMaskPhoneNumbersInMessagesAndStackTraces(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(NothingElse.class)
                .web(WebApplicationType.NONE)
                .properties("logging.structured.format.console=ecs", "spring.main.banner-mode=off")
                .run()) {
            LoggerFactory.getLogger("masking-test").warn("Inbound KS0123456789abcdef0123456789abcdef from +14155551234",
                    new IllegalStateException("To=%2B14155550100 refused"));
        }

        List<String> lines = output.getOut().lines().filter(line -> line.contains("masking-test")).toList();
        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.get(0));
        assertThat(event.path("message").asText())
                .isEqualTo("Inbound KS0123456789abcdef0123456789abcdef from [masked-phone]");
        assertThat(event.path("error").path("stack_trace").asText()).contains("To=[masked-phone] refused");
        assertThat(output.getAll()).doesNotContain("4155551234").doesNotContain("4155550100");
    }
}
