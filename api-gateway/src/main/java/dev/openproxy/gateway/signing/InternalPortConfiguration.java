package dev.openproxy.gateway.signing;

import dev.openproxy.gateway.error.TwilioErrorWriter;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The internal port (openproxy.gateway.webhook-signing.port): a second Tomcat connector on the same address, for
 * routing-service inside the cluster. The Kubernetes Service names it; the Ingress never routes to it.
 */
@Configuration(proxyBeanMethods = false)
public class InternalPortConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> internalConnector(WebhookSigningProperties properties) {
        return factory -> {
            if (properties.internalPortEnabled()) {
                Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
                connector.setPort(properties.port());
                if (factory.getAddress() != null) {
                    connector.setProperty("address", factory.getAddress().getHostAddress());
                }
                factory.addAdditionalTomcatConnectors(connector);
            }
        };
    }

    /** First of the gateway's own filters: nothing else (authentication, rate limits) applies on the wrong port. */
    @Bean
    FilterRegistrationBean<InternalPortFilter> internalPortFilter(WebhookSigningProperties properties,
                                                                 TwilioErrorWriter errors) {
        FilterRegistrationBean<InternalPortFilter> registration =
                new FilterRegistrationBean<>(new InternalPortFilter(properties, errors));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
