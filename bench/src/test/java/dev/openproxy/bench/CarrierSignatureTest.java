package dev.openproxy.bench;

import dev.openproxy.contracts.webhook.TwilioSignature;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CarrierSignatureTest {

    @Test
    void signsAsTheRoutingServiceValidates() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("To", "+14152000001");
        params.put("From", "+14153000001");
        params.put("Body", "bench SM0001 & co");
        params.put("MessageSid", "SM" + "0".repeat(31) + "1");
        params.put("AccountSid", "AC" + "ca11".repeat(8));
        String url = "http://127.0.0.1:40123/carrier/twilio/messages";
        Map<String, List<String>> asReceived = new LinkedHashMap<>();
        params.forEach((name, value) -> asReceived.put(name, List.of(value)));

        String signature = CarrierSignature.sign("token-123", url, params);

        assertThat(TwilioSignature.valid("token-123", url, asReceived, signature)).isTrue();
        assertThat(TwilioSignature.valid("another-token", url, asReceived, signature)).isFalse();
    }

    @Test
    void formEncodesPlusSignsAndSpaces() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("From", "+14153000001");
        params.put("Body", "a b&c");

        assertThat(CarrierSignature.form(params)).isEqualTo("From=%2B14153000001&Body=a+b%26c");
        assertThat(FakeCarrier.formValue(CarrierSignature.form(params), "Body")).isEqualTo("a b&c");
    }
}
