package dev.openproxy.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The public {@code /v1} surface: authenticates the caller with HTTP Basic (account SID and auth token),
 * then forwards the request unchanged to the service that owns the resource, naming the account in a
 * header the services trust.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApiGatewayApplication.class, args);
    }
}
