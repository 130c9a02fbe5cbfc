package dev.openproxy.gateway.logging;

import dev.openproxy.contracts.privacy.PhoneNumberMasking;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Spring Boot's structured logs (ECS, Logstash, GELF) with every string value, the message and stack traces included,
 * passed through {@link PhoneNumberMasking}. Set in application.yml ({@code logging.structured.json.customizer}), so it
 * applies whenever {@code logging.structured.format.console} is set, as deploy/ does. The services' copy is in
 * service-support, which the gateway does not use.
 */
public class PhoneNumberMaskingCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, PhoneNumberMasking::mask));
    }
}
