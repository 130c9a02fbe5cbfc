package dev.openproxy.routing.it;

import com.twilio.security.RequestValidator;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plays the carrier towards a routing-service under test: Twilio's form webhooks, signed with twilio-java's own code
 * (RequestValidator) for the public URL the service validates against, so the service is checked against the reference.
 */
final class CarrierWebhookSender {

    static final String MESSAGES = "/carrier/twilio/messages";
    static final String VOICE = "/carrier/twilio/voice";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int port;
    private final String publicUrl;
    private final String carrierAccount;
    private final String carrierToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CarrierWebhookSender(int port, String publicUrl, String carrierAccount, String carrierToken) {
        this.port = port;
        this.publicUrl = publicUrl;
        this.carrierAccount = carrierAccount;
        this.carrierToken = carrierToken;
    }

    /** X-Twilio-Signature as twilio-java computes it. */
    static String signature(String token, String url, Map<String, String> params) {
        try {
            Method method = RequestValidator.class.getDeclaredMethod("getValidationSignature", String.class, Map.class);
            method.setAccessible(true);
            return (String) method.invoke(new RequestValidator(token), url, params);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static String resourceSid(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** The signature for this service's public URL + path, with the carrier's token. */
    String sign(String path, Map<String, String> params) {
        return signature(carrierToken, publicUrl + path, params);
    }

    /** The parameters of Twilio's inbound SMS webhook. */
    Map<String, String> smsParams(String from, String to, String body, String messageSid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", messageSid);
        params.put("NumMedia", "0");
        params.put("From", from);
        params.put("To", to);
        params.put("Body", body);
        params.put("MessageSid", messageSid);
        params.put("SmsSid", messageSid);
        params.put("AccountSid", carrierAccount);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    /** The parameters of Twilio's inbound call webhook. */
    Map<String, String> callParams(String from, String to, String callSid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", carrierAccount);
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", callSid);
        params.put("From", from);
        params.put("To", to);
        params.put("CallStatus", "ringing");
        params.put("Direction", "inbound");
        return params;
    }

    /** Posts the webhook with the given signature header (none if null). */
    HttpResponse<String> post(String path, Map<String, String> params, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return send(request);
    }

    HttpResponse<String> postSigned(String path, Map<String, String> params) {
        return post(path, params, sign(path, params));
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
