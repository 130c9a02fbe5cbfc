package dev.openproxy.gateway.edge;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The API endpoint a request was matched to, with the Service segment of its path (what per-Service rate limits
 * count by), carried from {@link EndpointFilter} to the filters after it as a request attribute.
 */
public record ResolvedEndpoint(ApiEndpoint endpoint, String method, String serviceSegment) {

    private static final String ATTRIBUTE = ResolvedEndpoint.class.getName();

    void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    public static Optional<ResolvedEndpoint> of(HttpServletRequest request) {
        return Optional.ofNullable((ResolvedEndpoint) request.getAttribute(ATTRIBUTE));
    }
}
