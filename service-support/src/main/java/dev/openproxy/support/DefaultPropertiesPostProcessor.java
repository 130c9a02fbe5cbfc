package dev.openproxy.support;

import dev.openproxy.support.projection.RebuildMode;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Adds {@code openproxy-defaults.properties} as the lowest-priority property source, so every service shares
 * one set of defaults (Axon on JDBC with Jackson, actuator probes, Prometheus, Kafka producer safety) and a
 * service's own application.yml or the environment can still override any of them. A projection rebuild
 * ({@link RebuildMode}) runs without a web server: it serves nothing and binds no port.
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
        if (RebuildMode.isOn(environment)) {
            environment.getPropertySources().addFirst(new MapPropertySource("openproxy-projection-rebuild",
                    Map.of("spring.main.web-application-type", "none")));
        }
    }
}
