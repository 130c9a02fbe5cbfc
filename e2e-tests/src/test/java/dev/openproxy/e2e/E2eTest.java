package dev.openproxy.e2e;

import com.twilio.http.TwilioRestClient;
import dev.openproxy.localstack.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the end-to-end tests: the shared stack ({@link ProxyStack}), and for each test a fresh twilio-java client
 * for the stack's account whose every response is checked against Twilio's contract; a test whose responses broke
 * it fails after its last line.
 */
@ExtendWith(ProxyStack.class)
public abstract class E2eTest {

    /** The HTTP layer of {@link #twilio}: exchanges and contract checks of this test. */
    protected GatewayHttpClient http;
    /** twilio-java, as a customer would use it, for {@link ProxyStack#ACCOUNT_SID}. */
    protected TwilioRestClient twilio;

    @BeforeEach
    void connectTwilioClient() {
        http = new GatewayHttpClient(ProxyStack.gatewayUrl());
        twilio = TwilioClients.restClient(http, ProxyStack.ACCOUNT_SID, ProxyStack.AUTH_TOKEN);
    }

    @AfterEach
    void responsesFollowedTwiliosContract() {
        http.assertNoContractViolations();
    }

    protected static LocalStack stack() {
        return ProxyStack.stack();
    }

    /** Another client of the same gateway, e.g. with other credentials; its responses are checked too. */
    protected TwilioRestClient clientFor(String accountSid, String authToken) {
        return TwilioClients.restClient(http, accountSid, authToken);
    }
}
