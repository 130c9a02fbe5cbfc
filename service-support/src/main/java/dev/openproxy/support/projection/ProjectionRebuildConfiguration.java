package dev.openproxy.support.projection;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/** The projection rebuild of every service ({@link RebuildMode}, docs/operations.md "Rebuild a projection"). */
@Configuration(proxyBeanMethods = false)
public class ProjectionRebuildConfiguration {

    @Bean
    public RebuildMode rebuildMode(Environment environment) {
        return new RebuildMode(RebuildMode.isOn(environment));
    }

    @Bean
    @ConditionalOnProperty(RebuildMode.PROPERTY)
    @SuppressWarnings("unchecked")
    public ProjectionRebuild projectionRebuild(ReadModel readModel, List<KafkaFedProjection> kafkaFed, JdbcTemplate jdbc,
                                               PlatformTransactionManager transactions, EventStorageEngine eventStorage,
                                               org.axonframework.config.Configuration axon, ApplicationContext context,
                                               ConsumerFactory<?, ?> consumers) {
        return new ProjectionRebuild(readModel, kafkaFed, jdbc, new TransactionTemplate(transactions), eventStorage, axon,
                context, (ConsumerFactory<String, String>) consumers);
    }

    /** Replaces Spring Boot's lifecycle processor: the rebuild runs where the service would start. */
    @Bean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
    @ConditionalOnProperty(RebuildMode.PROPERTY)
    public RebuildLifecycleProcessor rebuildLifecycleProcessor(ObjectProvider<ProjectionRebuild> rebuild,
                                                               @Value("${spring.application.name}") String service) {
        return new RebuildLifecycleProcessor(rebuild, service, System.out);
    }

    /** No {@code @Scheduled} method runs in a rebuild (expiry, metrics refresh): the context is only there to replay. */
    @Bean
    @ConditionalOnProperty(RebuildMode.PROPERTY)
    public static BeanFactoryPostProcessor noScheduledTasksInRebuild() {
        return beanFactory -> {
            if (beanFactory instanceof BeanDefinitionRegistry registry
                    && registry.containsBeanDefinition(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)) {
                registry.removeBeanDefinition(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME);
            }
        };
    }
}
