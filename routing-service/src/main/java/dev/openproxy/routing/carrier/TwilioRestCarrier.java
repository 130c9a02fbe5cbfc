package dev.openproxy.routing.carrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code POST {base}/2010-04-01/Accounts/{sid}/Messages.json}, form-encoded, Basic auth with the account SID and token. */
public class TwilioRestCarrier implements Carrier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CarrierProperties properties;
    private final HttpClient http;

    public TwilioRestCarrier(CarrierProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    @Override
    public SentMessage sendSms(String from, String to, String body, String statusCallback, String idempotencyKey) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("From", from);
        form.put("To", to);
        form.put("Body", body);
        form.put("StatusCallback", statusCallback);
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String credentials = Base64.getEncoder().encodeToString(
                (properties.accountSid() + ":" + properties.authToken()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.baseUrl() + "/2010-04-01/Accounts/"
                        + properties.accountSid() + "/Messages.json"))
                .timeout(properties.timeout())
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("I-Twilio-Idempotency-Token", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(encoded))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CarrierException("carrier unreachable or timed out: " + e.getClass().getSimpleName(), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CarrierException("interrupted", true, null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                JsonNode answer = JSON.readTree(response.body());
                String sid = answer.path("sid").asText(null);
                if (sid == null) {
                    throw new CarrierException("carrier answered " + status + " without a sid", true, status);
                }
                return new SentMessage(sid, answer.path("status").asText("queued"));
            } catch (IOException e) {
                throw new CarrierException("carrier answered " + status + " with unreadable JSON", true, status);
            }
        }
        boolean retryable = status == 429 || status >= 500;
        throw new CarrierException("carrier answered HTTP " + status, retryable, status);
    }
}
