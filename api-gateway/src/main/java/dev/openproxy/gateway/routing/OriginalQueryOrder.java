package dev.openproxy.gateway.routing;

import org.springframework.web.servlet.function.ServerRequest;

import java.util.Arrays;
import java.util.Map;

/**
 * The proxy rebuilds the upstream query string from {@link ServerRequest#params()}, which Spring MVC collects
 * into a hash set and so shuffles the parameter names. This before-filter puts them back in the order the
 * client sent, taken from {@link QueryOnlyParametersFilter}'s ordered query-only parameter map. (Values of a
 * repeated name stay in order but are grouped where the name first appeared: a multimap cannot interleave.)
 */
final class OriginalQueryOrder {

    private OriginalQueryOrder() {
    }

    static ServerRequest restore(ServerRequest request) {
        Map<String, String[]> ordered = request.servletRequest().getParameterMap();
        return ServerRequest.from(request)
                .params(params -> {
                    params.clear();
                    ordered.forEach((name, values) -> params.addAll(name, Arrays.asList(values)));
                })
                .build();
    }
}
