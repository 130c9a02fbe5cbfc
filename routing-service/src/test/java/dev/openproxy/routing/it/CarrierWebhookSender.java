package dev.openproxy.routing.it;

import dev.openproxy.testsupport.carrier.CarrierWebhooks;
import dev.openproxy.testsupport.carrier.TwilioWebhookSignature;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Plays the carrier towards a routing-service under test: test-support's {@link CarrierWebhooks} posting to the
 * service's own port, signed for the public URL the service validates against (as if a gateway were in front).
 */
final class CarrierWebhookSender {

    static final String MESSAGES = CarrierWebhooks.MESSAGES;
    static final String VOICE = CarrierWebhooks.VOICE;

    private final CarrierWebhooks webhooks;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CarrierWebhookSender(int port, String publicUrl, String carrierAccount, String carrierToken) {
        this.webhooks = new CarrierWebhooks("http://localhost:" + port, publicUrl, carrierAccount, carrierToken);
    }

    /** X-Twilio-Signature as Twilio computes it (checked against twilio-java's RequestValidator in test-support). */
    static String signature(String token, String url, Map<String, String> params) {
        return TwilioWebhookSignature.of(token, url, params);
    }

    static String form(Map<String, String> params) {
        return CarrierWebhooks.form(params);
    }

    static String resourceSid(String prefix) {
        return CarrierWebhooks.newSid(prefix);
    }

    /** The parameters of Twilio's inbound SMS webhook. */
    Map<String, String> smsParams(String from, String to, String body, String messageSid) {
        return webhooks.sms(from, to, body, messageSid);
    }

    /** The parameters of Twilio's inbound call webhook. */
    Map<String, String> callParams(String from, String to, String callSid) {
        return webhooks.call(from, to, callSid);
    }

    /** Posts the webhook with the given signature header (none if null). */
    HttpResponse<String> post(String path, Map<String, String> params, String signature) {
        return webhooks.post(path, params, signature);
    }

    HttpResponse<String> postSigned(String path, Map<String, String> params) {
        return webhooks.post(path, params);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
