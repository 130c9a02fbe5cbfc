package dev.openproxy.routing.directory;

/** A Service as routing-service knows it from openproxy.services.v1: its owner and its webhook URLs (each nullable). */
public record KnownService(String sid, String accountSid, String callbackUrl, String interceptCallbackUrl,
                           String outOfSessionCallbackUrl) {

    static boolean present(String url) {
        return url != null && !url.isBlank();
    }

    public boolean hasCallback() {
        return present(callbackUrl);
    }

    public boolean hasIntercept() {
        return present(interceptCallbackUrl);
    }

    public boolean hasOutOfSession() {
        return present(outOfSessionCallbackUrl);
    }
}
