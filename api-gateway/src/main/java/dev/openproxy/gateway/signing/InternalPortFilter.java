package dev.openproxy.gateway.signing;

import dev.openproxy.gateway.error.TwilioErrorWriter;
import dev.openproxy.gateway.error.TwilioErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Keeps the two ports apart: {@code /internal/**} (webhook signing for routing-service) is answered only on the
 * internal port, and the internal port answers nothing else. Anything else is Twilio's 404, so the public port gives
 * no hint that the internal interface exists.
 */
public class InternalPortFilter extends OncePerRequestFilter {

    private final WebhookSigningProperties properties;
    private final TwilioErrorWriter errors;

    public InternalPortFilter(WebhookSigningProperties properties, TwilioErrorWriter errors) {
        this.properties = properties;
        this.errors = errors;
    }

    public static boolean isInternalPath(String path) {
        return path.equals(WebhookSignatureController.BASE_PATH)
                || path.startsWith(WebhookSignatureController.BASE_PATH + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean onInternalPort = properties.internalPortEnabled() && request.getLocalPort() == properties.port();
        if (isInternalPath(path) != onInternalPort) {
            errors.write(response, TwilioErrors.notFound(request.getRequestURI()));
            return;
        }
        chain.doFilter(request, response);
    }
}
