package dev.openproxy.support;

import dev.openproxy.support.projection.RebuildMode;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every service's {@code main}: runs the application; in {@link RebuildMode} the run has rebuilt the projections
 * (and started nothing else), so the process closes its context and exits with 0. A failed rebuild fails the run,
 * which exits with 1.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    public static void run(Class<?> application, String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(application, args);
        if (RebuildMode.isOn(context.getEnvironment())) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
