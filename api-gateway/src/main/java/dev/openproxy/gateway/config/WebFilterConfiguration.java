package dev.openproxy.gateway.config;

import dev.openproxy.gateway.routing.CarrierWebhooks;
import dev.openproxy.gateway.admin.AdminAuthenticationFilter;
import dev.openproxy.gateway.admin.AdminController;
import dev.openproxy.gateway.admin.AdminProperties;
import dev.openproxy.gateway.auth.AccountAuthenticationFilter;
import dev.openproxy.gateway.auth.Authenticator;
import dev.openproxy.gateway.edge.EndpointFilter;
import dev.openproxy.gateway.edge.RequestInputFilter;
import dev.openproxy.gateway.edge.RequestLimits;
import dev.openproxy.gateway.error.TwilioErrorWriter;
import dev.openproxy.gateway.ratelimit.RateLimitFilter;
import dev.openproxy.gateway.ratelimit.RateLimitProperties;
import dev.openproxy.gateway.ratelimit.RateLimiter;
import dev.openproxy.gateway.routing.QueryOnlyParametersFilter;
import dev.openproxy.gateway.signing.WebhookSignatureController;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Clock;
import java.util.List;

/**
 * The gateway's servlet filters, in the order a request meets them. Boot's character-encoding and observation
 * filters run first (so rejected requests still show in http.server.requests), then:
 * <ol>
 *   <li>the port check: {@code /internal} only on the internal port, nothing else there (InternalPortFilter);</li>
 *   <li>the parameter wrapper, so no later code can consume a form body;</li>
 *   <li>authentication: the admin token on {@code /admin}, account or API key credentials everywhere else
 *       (the actuator needs none; the internal port's callers are inside the cluster);</li>
 *   <li>the endpoint check: unknown path 404, wrong method 405;</li>
 *   <li>the rate limit (429);</li>
 *   <li>the input check: body size (413), content type (415), encoding (400); the body is buffered here.</li>
 * </ol>
 * So an unauthenticated request costs no body read, and a refused one never reaches a service.
 */
@Configuration(proxyBeanMethods = false)
public class WebFilterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock gatewayClock() {
        return Clock.systemUTC();
    }

    @Bean
    FilterRegistrationBean<QueryOnlyParametersFilter> queryOnlyParametersFilter() {
        FilterRegistrationBean<QueryOnlyParametersFilter> registration =
                new FilterRegistrationBean<>(new QueryOnlyParametersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AdminAuthenticationFilter> adminAuthenticationFilter(AdminProperties admin,
                                                                               TwilioErrorWriter errors) {
        FilterRegistrationBean<AdminAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new AdminAuthenticationFilter(admin, errors, AdminController.BASE_PATH));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AccountAuthenticationFilter> accountAuthenticationFilter(
            Authenticator authenticator, TwilioErrorWriter errors,
            @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        FilterRegistrationBean<AccountAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new AccountAuthenticationFilter(authenticator, errors, actuatorBasePath, AdminController.BASE_PATH,
                        CarrierWebhooks.BASE_PATH, WebhookSignatureController.BASE_PATH));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<EndpointFilter> endpointFilter(TwilioErrorWriter errors,
            @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        FilterRegistrationBean<EndpointFilter> registration = new FilterRegistrationBean<>(
                new EndpointFilter(errors, List.of(actuatorBasePath, AdminController.BASE_PATH, CarrierWebhooks.BASE_PATH,
                        WebhookSignatureController.BASE_PATH)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimiter limiter, RateLimitProperties properties,
                                                            Clock clock, TwilioErrorWriter errors, MeterRegistry meters) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
                new RateLimitFilter(limiter, properties, clock, errors, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 40);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestInputFilter> requestInputFilter(TwilioErrorWriter errors, RequestLimits limits) {
        FilterRegistrationBean<RequestInputFilter> registration = new FilterRegistrationBean<>(
                new RequestInputFilter(errors, limits, List.of("/v1", AdminController.BASE_PATH)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
        return registration;
    }
}
