package dev.openproxy.gateway.routing;

import org.springframework.web.servlet.function.ServerRequest;

/**
 * Carrier webhooks ({@code /carrier/...}: inbound SMS and calls, status callbacks) pass through the gateway to
 * routing-service untouched. They carry no account credentials: routing-service checks each one's
 * {@code X-Twilio-Signature} against the carrier's auth token, over the public URL the carrier called. They are
 * not Proxy API calls, so no account is set and no API rate limit applies.
 */
public final class CarrierWebhooks {

    public static final String BASE_PATH = "/carrier";

    private CarrierWebhooks() {
    }

    /** Before-filter of the carrier route: a client cannot smuggle an account into routing-service. */
    static ServerRequest withoutAccount(ServerRequest request) {
        return ServerRequest.from(request)
                .headers(headers -> headers.keySet().removeIf(name -> name.equalsIgnoreCase(AccountHeader.NAME)))
                .build();
    }
}
