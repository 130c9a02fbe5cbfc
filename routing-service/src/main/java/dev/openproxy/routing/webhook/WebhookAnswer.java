package dev.openproxy.routing.webhook;

import java.util.Locale;

/** What a Service's webhook URL answered: an HTTP status, content type and (bounded) body, or no answer at all. */
public record WebhookAnswer(int status, String contentType, String body, String failure) {

    static WebhookAnswer noAnswer(String failure) {
        return new WebhookAnswer(0, null, null, failure);
    }

    public boolean answered() {
        return failure == null;
    }

    public boolean successful() {
        return answered() && status >= 200 && status < 300;
    }

    public boolean forbidden() {
        return answered() && status == 403;
    }

    public boolean isXml() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("xml");
    }

    public boolean isJson() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    /** For logs and metrics: the status class, or why there was none. */
    public String outcome() {
        return answered() ? (status / 100) + "xx" : failure;
    }

    @Override
    public String toString() {
        return "WebhookAnswer[" + outcome() + "]";
    }
}
