package dev.openproxy.gateway.config;

import dev.openproxy.gateway.error.TwilioErrorReportValve;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link TwilioErrorReportValve} in place of Tomcat's HTML error report. Boot adds its own ErrorReportValve
 * in a customizer of its own; this one runs after it (lowest precedence), removes it, and names ours as the
 * host's error report valve, so Tomcat does not add its default either.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatErrorConfiguration {

    @Bean
    TwilioErrorReportCustomizer twilioErrorReportCustomizer() {
        return new TwilioErrorReportCustomizer();
    }

    static final class TwilioErrorReportCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            // Tomcat itself answers TRACE with an empty 405; let it through to EndpointFilter, which answers 405 in
            // Twilio's shape (and never echoes the request).
            factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(TwilioErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
