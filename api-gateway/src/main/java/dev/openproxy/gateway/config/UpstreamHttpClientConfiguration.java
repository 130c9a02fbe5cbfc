package dev.openproxy.gateway.config;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;

/**
 * The JDK client that forwards to the services. HTTP/1.1 on purpose: the JDK client otherwise offers a
 * cleartext HTTP/2 upgrade on each request, which the services' Tomcat does not accept anyway.
 * Timeouts come from spring.http.client.connect-timeout / read-timeout.
 */
@Configuration(proxyBeanMethods = false)
public class UpstreamHttpClientConfiguration {

    @Bean
    ClientHttpRequestFactoryBuilder<?> clientHttpRequestFactoryBuilder() {
        return ClientHttpRequestFactoryBuilder.jdk()
                .withHttpClientCustomizer(builder -> builder.version(HttpClient.Version.HTTP_1_1));
    }
}
