package dev.openproxy.support;

import dev.openproxy.support.account.CurrentAccountResolver;
import dev.openproxy.support.axon.AxonJdbcSchemaConfiguration;
import dev.openproxy.support.axon.AxonProcessingConfiguration;
import dev.openproxy.support.axon.ConcurrencyRetryScheduler;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import dev.openproxy.support.consistency.ProjectionCatchUp;
import dev.openproxy.support.consistency.ProjectionOffsets;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.consistency.PublisherProgress;
import dev.openproxy.support.kafka.KafkaPublishing;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.support.metrics.EventProcessorLagMetrics;
import dev.openproxy.support.metrics.ProjectionLagMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import dev.openproxy.support.kafka.TopicProperties;
import dev.openproxy.support.personal.PersonalDataConfiguration;
import dev.openproxy.support.personal.PersonalDataProtector;
import dev.openproxy.support.projection.ProjectionRebuildConfiguration;
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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/** What a service gets by depending on service-support. Defaults live in {@code openproxy-defaults.properties}. */
@AutoConfiguration(beforeName = {"org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        // a rebuild's lifecycle processor replaces Boot's (ProjectionRebuildConfiguration)
        "org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration"})
@EnableConfigurationProperties({ApiProperties.class, TopicProperties.class})
@Import({TwilioErrorHandler.class, AxonProcessingConfiguration.class, AxonJdbcSchemaConfiguration.class,
        PersonalDataConfiguration.class, ProjectionRebuildConfiguration.class})
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

    /** Axon's gateway, with retries for commands that lost an optimistic-locking race (see ConcurrencyRetryScheduler). */
    @Bean
    @ConditionalOnMissingBean
    public CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConcurrencyRetryScheduler(retries, 3, 50))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    public PublishedCommands publishedCommands(CommandGateway commands, JdbcTemplate jdbc, PublisherProgress progress,
                                               ObjectProvider<EventProcessingConfiguration> processing,
                                               @Value("${openproxy.consistency.publish-timeout:PT2S}") Duration timeout) {
        // Looked up on use: the processors exist only once Axon's configuration has started.
        BooleanSupplier publishesHere = () -> processing.getObject()
                .eventProcessor(KafkaPublishing.PROCESSING_GROUP, TrackingEventProcessor.class)
                .map(processor -> !processor.processingStatus().isEmpty())
                .orElse(false);
        return new PublishedCommands(commands, jdbc, progress, publishesHere, timeout);
    }

    @Bean
    @ConditionalOnMissingBean
    public ProjectionOffsets projectionOffsets(JdbcTemplate jdbc) {
        return new ProjectionOffsets(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    public ProjectionCatchUp projectionCatchUp(KafkaAdmin kafkaAdmin, ProjectionOffsets offsets,
                                               @Value("${openproxy.consistency.catch-up-timeout:PT3S}") Duration timeout) {
        return new ProjectionCatchUp(AdminClient.create(kafkaAdmin.getConfigurationProperties()), offsets, timeout);
    }

    @Bean
    @ConditionalOnMissingBean
    public ProjectionLagMetrics projectionLagMetrics(KafkaListenerEndpointRegistry listeners, KafkaAdmin kafkaAdmin,
                                                     JdbcTemplate jdbc, MeterRegistry meters,
                                                     @Value("${openproxy.metrics.projection-lag-interval:PT15S}") Duration interval) {
        return new ProjectionLagMetrics(listeners, kafkaAdmin.getConfigurationProperties(), jdbc, meters, interval);
    }

    @Bean
    @ConditionalOnMissingBean
    public EventProcessorLagMetrics eventProcessorLagMetrics(EventProcessingConfiguration processing,
                                                             EventStore eventStore, MeterRegistry meters) {
        return new EventProcessorLagMetrics(processing, eventStore, meters);
    }

    @Bean
    @ConditionalOnMissingBean
    public IntegrationEventPublisher integrationEventPublisher(KafkaTemplate<String, String> kafka,
                                                              @Value("${spring.application.name}") String applicationName,
                                                              @Value("${openproxy.kafka.send-timeout-ms:10000}") long sendTimeoutMillis,
                                                              PersonalDataProtector protector) {
        return new IntegrationEventPublisher(kafka, "/openproxy/" + applicationName, sendTimeoutMillis, protector);
    }
}
