package dev.openproxy.gateway.routing;

import dev.openproxy.gateway.admin.AdminController;
import dev.openproxy.gateway.error.TwilioErrors;
import dev.openproxy.gateway.signing.WebhookSignatureController;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

/**
 * Which service owns which part of the Twilio Proxy v1 API (ownership as in DESIGN.md section 2). Routes
 * are tried in order, most specific first; whatever is left is Twilio's 404 (20404).
 */
@Configuration(proxyBeanMethods = false)
public class GatewayRoutes {

    @Bean
    RouterFunction<ServerResponse> apiRoutes(UpstreamServices services,
                                             @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath,
                                             @Value("${server.error.path:${error.path:/error}}") String errorPath) {
        return forward("number-pool", services.numberPool(),
                        "/v1/Services/*/PhoneNumbers", "/v1/Services/*/PhoneNumbers/**")
                // MessageInteractions sit under a Participant in the URL, but sending a message is the
                // routing service's job (it owns Interactions and MessageInteractions and the carrier edge).
                .and(forward("message-interactions", services.routing(),
                        "/v1/Services/*/Sessions/*/Participants/*/MessageInteractions",
                        "/v1/Services/*/Sessions/*/Participants/*/MessageInteractions/**"))
                .and(forward("participant", services.participant(),
                        "/v1/Services/*/Sessions/*/Participants", "/v1/Services/*/Sessions/*/Participants/**"))
                .and(forward("interactions", services.routing(),
                        "/v1/Services/*/Sessions/*/Interactions", "/v1/Services/*/Sessions/*/Interactions/**"))
                .and(forward("session", services.session(), "/v1/Services", "/v1/Services/**"))
                .and(route("carrier")
                        .route(path(CarrierWebhooks.BASE_PATH + "/**"), http())
                        .before(uri(services.routing()))
                        .before(CarrierWebhooks::withoutAccount)
                        .before(OriginalQueryOrder::restore)
                        .onError(failure -> true, (failure, request) -> UpstreamFailures.respond(failure, request, "carrier"))
                        .build())
                .and(notFound(actuatorBasePath, errorPath));
    }

    private static RouterFunction<ServerResponse> forward(String routeId, URI upstream, String... patterns) {
        return route(routeId)
                .route(path(patterns), http())
                .before(uri(upstream))
                .before(AccountHeader::forwardAuthenticatedAccount)
                .before(OriginalQueryOrder::restore)
                .onError(failure -> true, (failure, request) -> UpstreamFailures.respond(failure, request, routeId))
                .build();
    }

    /**
     * Every other path, except the actuator's, the admin interface's and the container's error page, which Spring
     * MVC maps itself. EndpointFilter already answers unknown paths; this is the net behind it.
     */
    private static RouterFunction<ServerResponse> notFound(String actuatorBasePath, String errorPath) {
        RequestPredicate ownedByOthers = RequestPredicates.path(actuatorBasePath + "/**")
                .or(RequestPredicates.path(AdminController.BASE_PATH + "/**"))
                .or(RequestPredicates.path(CarrierWebhooks.BASE_PATH + "/**"))
                .or(RequestPredicates.path(WebhookSignatureController.BASE_PATH + "/**"))
                .or(RequestPredicates.path(errorPath));
        return route("not-found")
                .route(ownedByOthers.negate(),
                        request -> TwilioErrors.response(TwilioErrors.notFound(request.requestPath().value())))
                .build();
    }
}
