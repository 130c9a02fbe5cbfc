package dev.openproxy.support.personal;

import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;

/** Crypto-shredding in every service (docs/adr/0012-crypto-shredding.md). */
@Configuration(proxyBeanMethods = false)
@Import({PersonalDataKeysController.class, PersonalDataReencryptionController.class})
public class PersonalDataConfiguration {

    /** Axon's bean name for the serializer of the event store (events, not snapshots). */
    static final String EVENT_SERIALIZER = "eventSerializer";

    @Bean
    @ConditionalOnMissingBean
    public PersonalDataKeys personalDataKeys(JdbcTemplate jdbc) {
        return new PersonalDataKeys(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    public PersonalDataProtector personalDataProtector(PersonalDataKeys keys) {
        return new PersonalDataProtector(keys);
    }

    @Bean
    @ConditionalOnMissingBean
    public PersonalDataReader personalDataReader(PersonalDataKeys keys, Environment environment,
                                                 @Value("${spring.application.name}") String applicationName,
                                                 @Value("${openproxy.personal-data.peer-key-ttl:PT5M}") Duration peerKeyTtl) {
        return new PersonalDataReader(keys, "/openproxy/" + applicationName, environment, peerKeyTtl);
    }

    @Bean
    @ConditionalOnMissingBean
    public PersonalDataReencryption personalDataReencryption(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                                             @Qualifier(EVENT_SERIALIZER) Serializer eventSerializer,
                                                             PersonalDataKeys keys) {
        Serializer storedForm = eventSerializer instanceof PersonalDataSerializer personal ? personal.delegate() : eventSerializer;
        return new PersonalDataReencryption(jdbc, transactionManager, storedForm, keys);
    }

    /**
     * Wraps the event serializer Axon's auto-configuration builds (Jackson, as configured) instead of building one
     * here, so every setting of Axon's stays in force and the event store sees only the wrapped one.
     */
    @Bean
    static BeanPostProcessor personalDataEventSerializer(ObjectProvider<PersonalDataProtector> protector) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (EVENT_SERIALIZER.equals(beanName) && bean instanceof Serializer serializer
                        && !(bean instanceof PersonalDataSerializer)) {
                    return new PersonalDataSerializer(serializer, protector.getObject());
                }
                if (NoSnapshots.GENERAL_SERIALIZER.equals(beanName) && bean instanceof Serializer serializer
                        && !(bean instanceof NoSnapshots.RefusingAggregates)) {
                    return new NoSnapshots.RefusingAggregates(serializer);
                }
                return bean;
            }
        };
    }

    /** Snapshots bypass the encrypting serializer: a context that configures them does not start (NoSnapshots). */
    @Bean
    static SmartInitializingSingleton noAggregateSnapshots(ConfigurableListableBeanFactory beans) {
        return NoSnapshots.startupCheck(beans);
    }
}
