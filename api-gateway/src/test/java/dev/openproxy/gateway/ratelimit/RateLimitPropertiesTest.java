package dev.openproxy.gateway.ratelimit;

import dev.openproxy.gateway.edge.ApiEndpoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitPropertiesTest {

    @Test
    void twilioDefaultsAdmit150InAFiveSecondWindow() {
        RateLimitProperties defaults = new RateLimitProperties(true, 30, Duration.ofSeconds(5), null, Duration.ofSeconds(10));

        assertThat(defaults.limit("GET", ApiEndpoint.SESSIONS)).isEqualTo(150);
        assertThat(defaults.limit("GET", ApiEndpoint.SERVICES)).isEqualTo(150);
    }

    @Test
    void anEndpointMayHaveItsOwnRate() {
        RateLimitProperties properties = new RateLimitProperties(true, 30, Duration.ofSeconds(5),
                Map.of(" POST  /v1/Services/{ServiceSid}/Sessions ", 10), Duration.ofSeconds(10));

        assertThat(properties.limit("POST", ApiEndpoint.SESSIONS)).isEqualTo(50);
        assertThat(properties.limit("GET", ApiEndpoint.SESSIONS)).isEqualTo(150);
    }

    @Test
    void nonsenseIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new RateLimitProperties(true, 0, Duration.ofSeconds(5), null, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitProperties(true, 30, Duration.ofMillis(1500), null, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitProperties(true, 30, Duration.ofSeconds(5),
                Map.of("PUT /v1/Services", 5), Duration.ofSeconds(10))).hasMessageContaining("PUT /v1/Services");
    }

    @Test
    void bucketsKeepTheAccountAndHashLongServiceSegments() {
        String account = "AC" + "0".repeat(32);
        String bucket = RateLimitFilter.bucket(account,
                new dev.openproxy.gateway.edge.ResolvedEndpoint(ApiEndpoint.SESSIONS, "GET", "KS" + "1".repeat(32)));
        assertThat(bucket).isEqualTo(account + " GET /v1/Services/{ServiceSid}/Sessions KS" + "1".repeat(32));

        String hashed = RateLimitFilter.bucket(account,
                new dev.openproxy.gateway.edge.ResolvedEndpoint(ApiEndpoint.SERVICE, "GET", "é".repeat(300)));
        assertThat(hashed).matches(".* #[0-9a-f]{64}").hasSizeLessThan(200);
    }
}
