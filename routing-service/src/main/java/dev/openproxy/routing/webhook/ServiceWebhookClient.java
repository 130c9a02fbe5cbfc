package dev.openproxy.routing.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Posts a Service webhook as Twilio does: form parameters, signed with X-Twilio-Signature over the full URL and the
 * parameters. Answers are read up to {@link #MAX_ANSWER_BYTES}. Logs and metrics name the kind and the outcome, never
 * the URL's query or the parameters (phone numbers, message bodies).
 */
@Component
public class ServiceWebhookClient {

    /** The webhooks, as metric tag values. */
    public enum Kind {
        CALLBACK("callback"), INTERCEPT("intercept"), OUT_OF_SESSION("out-of-session");

        final String tag;

        Kind(String tag) {
            this.tag = tag;
        }
    }

    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ServiceWebhookClient.class);

    private final WebhookSigner signer;
    private final WebhookProperties properties;
    private final MeterRegistry meters;
    private final HttpClient http;

    public ServiceWebhookClient(WebhookSigner signer, WebhookProperties properties, MeterRegistry meters) {
        this.signer = signer;
        this.properties = properties;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public WebhookAnswer post(Kind kind, String accountSid, String url, Map<String, List<String>> parameters) {
        Timer.Sample sample = Timer.start(meters);
        WebhookAnswer answer = send(accountSid, url, parameters);
        sample.stop(meters.timer("openproxy.routing.webhooks", "kind", kind.tag, "outcome", answer.outcome()));
        if (!answer.successful()) {
            log.warn("Service webhook {} to {} of account {}: {}", kind.tag, host(url), accountSid, answer.outcome());
        }
        return answer;
    }

    private WebhookAnswer send(String accountSid, String url, Map<String, List<String>> parameters) {
        URI target;
        try {
            target = URI.create(url);
            if (target.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                return WebhookAnswer.noAnswer("invalid-url");
            }
        } catch (IllegalArgumentException e) {
            return WebhookAnswer.noAnswer("invalid-url");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(properties.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", "OpenProxy")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
        signer.sign(accountSid, url, parameters).ifPresent(signature -> request.header("X-Twilio-Signature", signature));
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
            }
            return new WebhookAnswer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    body, null);
        } catch (HttpTimeoutException e) {
            return WebhookAnswer.noAnswer("timeout");
        } catch (IOException e) {
            return WebhookAnswer.noAnswer("unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WebhookAnswer.noAnswer("interrupted");
        }
    }

    static String form(Map<String, List<String>> parameters) {
        StringJoiner joined = new StringJoiner("&");
        parameters.forEach((name, values) -> values.forEach(value -> joined.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8))));
        return joined.toString();
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }
}
