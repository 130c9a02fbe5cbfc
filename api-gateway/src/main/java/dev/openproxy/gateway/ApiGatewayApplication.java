package dev.openproxy.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The public {@code /v1} surface: authenticates the caller with HTTP Basic (account SID and auth token, or API key
 * and secret), checks the endpoint, the rate limit and the input, then forwards the request unchanged to the
 * service that owns the resource, naming the account in a header the services trust. Operators manage accounts
 * and keys under {@code /admin/v1}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ApiGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApiGatewayApplication.class, args);
    }
}
