package dev.openproxy.routing.carrier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The real carrier when PROXY_CARRIER_BASE_URL is set, the sandbox otherwise. */
@Configuration(proxyBeanMethods = false)
public class CarrierConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CarrierConfiguration.class);

    @Bean
    Carrier carrier(CarrierProperties properties, JdbcTemplate jdbc) {
        if (properties.sandbox()) {
            log.info("No carrier base URL: outbound SMS go to the built-in sandbox carrier (GET /sandbox/messages)");
            return new SandboxCarrier(jdbc);
        }
        log.info("Carrier: {} (account {})", properties.baseUrl(), properties.accountSid());
        return new TwilioRestCarrier(properties);
    }
}
