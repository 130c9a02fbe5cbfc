package dev.openproxy.e2e;

import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.rest.proxy.v1.Service;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The stack is up and twilio-java talks to it like to Twilio: auth errors and unknown resources included. */
class SmokeIT extends E2eTest {

    private static final String UNKNOWN_SERVICE_SID = "KS" + "0".repeat(32);

    @Test
    void gatewayIsReady() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ProxyStack.gatewayUrl() + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"UP\"");
    }

    @Test
    void wrongAuthTokenIsRejectedWithTwilioError20003() {
        ApiException error = catchThrowableOfType(ApiException.class,
                () -> Service.fetcher(UNKNOWN_SERVICE_SID).fetch(clientFor(ProxyStack.ACCOUNT_SID, "wrong-token-123")));

        assertThat(error).as("ApiException for a wrong auth token").isNotNull();
        assertThat(error.getCode()).isEqualTo(20003);
        assertThat(error.getStatusCode()).isEqualTo(401);
    }

    @Test
    void unknownServiceIsTwilioError20404() {
        ApiException error = catchThrowableOfType(ApiException.class,
                () -> Service.fetcher(UNKNOWN_SERVICE_SID).fetch(twilio));

        assertThat(error).as("ApiException for an unknown Service SID").isNotNull();
        assertThat(error.getCode()).isEqualTo(20404);
        assertThat(error.getStatusCode()).isEqualTo(404);
        assertThat(error.getMoreInfo()).isEqualTo("https://www.twilio.com/docs/errors/20404");
    }

    @Test
    void listingServicesFollowsTheContract() {
        ResourceSet<Service> services = Service.reader().pageSize(5).read(twilio);

        assertThat(services.iterator()).isNotNull();
        assertThat(http.lastExchange().status()).isEqualTo(200);
        assertThat(http.lastExchange().path()).isEqualTo("/v1/Services");
        assertThat(http.lastExchange().body()).contains("\"first_page_url\":\"https://proxy.twilio.com/v1/Services?");
    }
}
