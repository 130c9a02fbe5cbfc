package dev.openproxy.gateway.edge;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.gateway.error.TwilioErrorWriter;
import dev.openproxy.gateway.error.TwilioErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Matches an authenticated API request to one of Twilio's Proxy endpoints ({@link ApiEndpoint}) before anything is
 * forwarded: a path that is not one is 404 (20404), a method the endpoint does not have is 405 (20004), a path
 * that is not valid percent-encoded UTF-8 is 400 (20001). So no service ever sees a request Twilio's API does not
 * have, and unknown paths cost no upstream call. The actuator and admin paths are not API paths.
 */
public class EndpointFilter extends OncePerRequestFilter {

    private final TwilioErrorWriter errors;
    private final List<String> otherBasePaths;

    public EndpointFilter(TwilioErrorWriter errors, List<String> otherBasePaths) {
        this.errors = errors;
        this.otherBasePaths = List.copyOf(otherBasePaths);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !isTrace(request)
                && otherBasePaths.stream().anyMatch(base -> path.equals(base) || path.startsWith(base + "/"));
    }

    /** TRACE would echo the request's headers, credentials included: refused on every path. */
    private static boolean isTrace(HttpServletRequest request) {
        return "TRACE".equalsIgnoreCase(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isTrace(request)) {
            errors.write(response, ErrorCode.METHOD_NOT_ALLOWED.error("Method not allowed"));
            return;
        }
        String rawPath = request.getRequestURI();
        List<String> segments;
        try {
            segments = decodedSegments(rawPath);
        } catch (FormBody.MalformedException malformed) {
            errors.write(response, ErrorCode.INVALID_PARAMETER.error(malformed.getMessage()));
            return;
        }
        Optional<ApiEndpoint> endpoint = ApiEndpoint.match(segments);
        if (endpoint.isEmpty()) {
            errors.write(response, TwilioErrors.notFound(rawPath));
            return;
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!endpoint.get().allows(method)) {
            response.setHeader(HttpHeaders.ALLOW, endpoint.get().allowHeader());
            errors.write(response, ErrorCode.METHOD_NOT_ALLOWED.error("Method not allowed"));
            return;
        }
        String serviceSegment = endpoint.get().scope() == ApiEndpoint.Scope.SERVICE ? segments.get(2) : null;
        new ResolvedEndpoint(endpoint.get(), method.equals("HEAD") ? "GET" : method, serviceSegment).attachTo(request);
        chain.doFilter(request, response);
    }

    /** {@code /v1/Services/KS1} -> [v1, Services, KS1]; empty segments are kept, so a trailing slash is no match. */
    static List<String> decodedSegments(String rawPath) throws FormBody.MalformedException {
        List<String> segments = new ArrayList<>();
        String[] raw = rawPath.split("/", -1);
        for (int i = 1; i < raw.length; i++) {
            segments.add(FormBody.decodePathSegment(raw[i]));
        }
        return segments;
    }
}
