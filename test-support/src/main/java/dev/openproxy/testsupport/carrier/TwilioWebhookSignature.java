package dev.openproxy.testsupport.carrier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code X-Twilio-Signature} as Twilio computes it for a form-encoded webhook: Base64(HMAC-SHA1(auth token, the full
 * URL followed by every POST parameter sorted by name, each as name + value with no separator)). Written out here
 * rather than taken from twilio-java so that the tests hold the algorithm themselves;
 * {@code TwilioWebhookSignatureTest} checks it against twilio-java's RequestValidator.
 */
public final class TwilioWebhookSignature {

    private TwilioWebhookSignature() {
    }

    public static String of(String authToken, String url, Map<String, String> params) {
        StringBuilder signed = new StringBuilder(url);
        // Sorted by name in Java's String order, like Twilio (case-sensitive: "Body" before "From" before "body").
        new TreeMap<>(params).forEach((name, value) -> signed.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
