package dev.openproxy.support;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Adds {@code openproxy-defaults.properties} as the lowest-priority property source, so every service shares
 * one set of defaults (Axon on JDBC with Jackson, actuator probes, Prometheus, Kafka producer safety) and a
 * service's own application.yml or the environment can still override any of them.
 */
public class DefaultPropertiesPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(
                    new ResourcePropertySource("openproxy-defaults", new ClassPathResource("openproxy-defaults.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
