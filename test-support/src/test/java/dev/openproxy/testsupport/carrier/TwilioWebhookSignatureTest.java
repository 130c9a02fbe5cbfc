package dev.openproxy.testsupport.carrier;

import com.twilio.security.RequestValidator;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Our signer agrees with twilio-java's RequestValidator, the reference of what Twilio sends. */
class TwilioWebhookSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "http://127.0.0.1:43121/carrier/twilio/messages";

    private static Map<String, String> sms() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("To", "+14155550100");
        params.put("From", "+14155551001");
        params.put("Body", "Hi Bob, it's \"Alice\" & co. ✓ 10% off");
        params.put("MessageSid", "SM" + "0123456789abcdef".repeat(2));
        params.put("AccountSid", "AC" + "ca11".repeat(8));
        params.put("NumMedia", "0");
        params.put("body", "lower-case names sort after upper-case ones");
        return params;
    }

    @Test
    void twilioJavaAcceptsOurSignature() {
        String signature = TwilioWebhookSignature.of(TOKEN, URL, sms());

        assertThat(new RequestValidator(TOKEN).validate(URL, sms(), signature)).isTrue();
    }

    @Test
    void twilioJavaRejectsItForAnotherUrlTokenOrBody() {
        String signature = TwilioWebhookSignature.of(TOKEN, URL, sms());
        Map<String, String> tampered = sms();
        tampered.put("Body", "Hi Bob!");

        assertThat(new RequestValidator(TOKEN).validate(URL + "?x=1", sms(), signature)).isFalse();
        assertThat(new RequestValidator("54321").validate(URL, sms(), signature)).isFalse();
        assertThat(new RequestValidator(TOKEN).validate(URL, tampered, signature)).isFalse();
    }

    @Test
    void theKnownAnswerOfTwiliosDocumentation() {
        // The example of https://www.twilio.com/docs/usage/webhooks/webhooks-security (token 12345).
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", "CA1234567890ABCDE");
        params.put("Caller", "+12349013030");
        params.put("Digits", "1234");
        params.put("From", "+12349013030");
        params.put("To", "+18005551212");

        assertThat(TwilioWebhookSignature.of(TOKEN, "https://mycompany.com/myapp.php?foo=1&bar=2", params))
                .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }
}
