package dev.openproxy.testsupport.carrier;

import java.io.IOException;
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
 * The carrier's side of the webhooks: Twilio-format form posts to {@code /carrier/twilio/...}, signed with
 * {@code X-Twilio-Signature} for the public URL the receiver checks signatures against (routing-service's
 * PROXY_PUBLIC_URL) and the carrier's auth token. Through the whole stack, the posts go to the gateway and the public
 * URL is the gateway's; a routing-service tested alone is posted to directly and signed for its configured public URL.
 */
public final class CarrierWebhooks {

    public static final String MESSAGES = "/carrier/twilio/messages";
    public static final String MESSAGE_STATUS = "/carrier/twilio/message-status";
    public static final String VOICE = "/carrier/twilio/voice";
    public static final String CALL_STATUS = "/carrier/twilio/call-status";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String postBaseUrl;
    private final String signedBaseUrl;
    private final String authToken;
    private final String carrierAccountSid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Posts to {@code publicUrl} and signs for it (the carrier reaches the receiver on its public URL). */
    public CarrierWebhooks(String publicUrl, String carrierAccountSid, String authToken) {
        this(publicUrl, publicUrl, carrierAccountSid, authToken);
    }

    /** Posts to {@code postBaseUrl} but signs for {@code signedBaseUrl}, as a proxy in front of the receiver would. */
    public CarrierWebhooks(String postBaseUrl, String signedBaseUrl, String carrierAccountSid, String authToken) {
        this.postBaseUrl = postBaseUrl;
        this.signedBaseUrl = signedBaseUrl;
        this.carrierAccountSid = carrierAccountSid;
        this.authToken = authToken;
    }

    public static String newMessageSid() {
        return "SM" + hex();
    }

    public static String newCallSid() {
        return "CA" + hex();
    }

    /** The URL the carrier signs: PROXY_PUBLIC_URL + path. */
    public String url(String path) {
        return signedBaseUrl + path;
    }

    public String signature(String path, Map<String, String> params) {
        return TwilioWebhookSignature.of(authToken, url(path), params);
    }

    /** Posts {@code params} to {@code path}, signed as the carrier signs. */
    public HttpResponse<String> post(String path, Map<String, String> params) {
        return post(path, params, signature(path, params));
    }

    /** Posts with this signature ({@code null}: no X-Twilio-Signature header at all). */
    public HttpResponse<String> post(String path, Map<String, String> params, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(postBaseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An inbound SMS, with the parameters Twilio sends for one. */
    public Map<String, String> sms(String from, String to, String body, String messageSid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", messageSid);
        params.put("NumMedia", "0");
        params.put("SmsSid", messageSid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("To", to);
        params.put("NumSegments", "1");
        params.put("MessageSid", messageSid);
        params.put("AccountSid", carrierAccountSid);
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    /** The delivery report of an SMS the platform sent (its StatusCallback). */
    public Map<String, String> messageStatus(String messageSid, String status, String from, String to) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SmsSid", messageSid);
        params.put("SmsStatus", status);
        params.put("MessageStatus", status);
        params.put("To", to);
        params.put("MessageSid", messageSid);
        params.put("AccountSid", carrierAccountSid);
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    /** An inbound call, ringing. */
    public Map<String, String> call(String from, String to, String callSid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", carrierAccountSid);
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", callSid);
        params.put("CallStatus", "ringing");
        params.put("Direction", "inbound");
        params.put("From", from);
        params.put("To", to);
        params.put("Caller", from);
        params.put("Called", to);
        return params;
    }

    /**
     * A call status callback: for the inbound call when {@code parentCallSid} is null, else for the leg the TwiML
     * dialled; {@code durationSeconds} (CallDuration) as Twilio sends it with {@code completed}, or null.
     */
    public Map<String, String> callStatus(String callSid, String parentCallSid, String status, Integer durationSeconds) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", carrierAccountSid);
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", callSid);
        if (parentCallSid != null) {
            params.put("ParentCallSid", parentCallSid);
            params.put("Direction", "outbound-dial");
        } else {
            params.put("Direction", "inbound");
        }
        params.put("CallStatus", status);
        if (durationSeconds != null) {
            params.put("CallDuration", String.valueOf(durationSeconds));
        }
        return params;
    }

    /** The body of a form post, as the carrier encodes it. */
    public static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** A fresh resource SID with this two-letter prefix ({@code SM}, {@code CA}, ...). */
    public static String newSid(String prefix) {
        return prefix + hex();
    }

    private static String hex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
