package dev.openproxy.support;

import dev.openproxy.support.account.CurrentAccountResolver;
import dev.openproxy.support.axon.AxonJdbcSchemaConfiguration;
import dev.openproxy.support.axon.AxonProcessingConfiguration;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.support.web.ApiProperties;
import dev.openproxy.support.web.TwilioErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** What a service gets by depending on service-support. Defaults live in {@code openproxy-defaults.properties}. */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration")
@EnableConfigurationProperties(ApiProperties.class)
@Import({TwilioErrorHandler.class, AxonProcessingConfiguration.class, AxonJdbcSchemaConfiguration.class})
public class SupportAutoConfiguration {

    @Bean
    public WebMvcConfigurer currentAccountArgumentResolver() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CurrentAccountResolver());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    public IntegrationEventPublisher integrationEventPublisher(KafkaTemplate<String, String> kafka,
                                                              @Value("${spring.application.name}") String applicationName,
                                                              @Value("${openproxy.kafka.send-timeout-ms:10000}") long sendTimeoutMillis) {
        return new IntegrationEventPublisher(kafka, "/openproxy/" + applicationName, sendTimeoutMillis);
    }
}
