package dev.openproxy.e2e;

import com.twilio.http.TwilioRestClient;

/** twilio-java clients that talk to our gateway (through a {@link GatewayHttpClient}) instead of api.twilio.com. */
public final class TwilioClients {

    private TwilioClients() {
    }

    /** A client for one account, sending every request through {@code http}. */
    public static TwilioRestClient restClient(GatewayHttpClient http, String accountSid, String authToken) {
        return new TwilioRestClient.Builder(accountSid, authToken).httpClient(http).build();
    }

    /** A client for one account on the gateway at {@code gatewayUrl}, with its own contract-checking HTTP layer. */
    public static TwilioRestClient restClient(String gatewayUrl, String accountSid, String authToken) {
        return restClient(new GatewayHttpClient(gatewayUrl), accountSid, authToken);
    }

    /** The contract-checking HTTP layer of a client made here. */
    public static GatewayHttpClient httpOf(TwilioRestClient client) {
        if (client.getHttpClient() instanceof GatewayHttpClient gateway) {
            return gateway;
        }
        throw new IllegalArgumentException("Not a client made by TwilioClients: " + client.getHttpClient());
    }
}
