package dev.openproxy.gateway.config;

import dev.openproxy.gateway.auth.AccountAuthenticationFilter;
import dev.openproxy.gateway.auth.AccountStore;
import dev.openproxy.gateway.error.TwilioErrorWriter;
import dev.openproxy.gateway.routing.QueryOnlyParametersFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Servlet filter order matters here: Boot's character-encoding and observation filters first (so rejected
 * requests still show in http.server.requests), then the parameter wrapper, so no later code can consume a
 * form body, then authentication.
 */
@Configuration(proxyBeanMethods = false)
public class WebFilterConfiguration {

    @Bean
    FilterRegistrationBean<QueryOnlyParametersFilter> queryOnlyParametersFilter() {
        FilterRegistrationBean<QueryOnlyParametersFilter> registration =
                new FilterRegistrationBean<>(new QueryOnlyParametersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AccountAuthenticationFilter> accountAuthenticationFilter(
            AccountStore accounts, TwilioErrorWriter errors,
            @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        FilterRegistrationBean<AccountAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new AccountAuthenticationFilter(accounts, errors, actuatorBasePath));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
