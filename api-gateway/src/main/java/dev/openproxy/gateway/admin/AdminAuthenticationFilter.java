package dev.openproxy.gateway.admin;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Guards {@code /admin/**} with the admin token (Bearer, or the password of Basic). Account credentials do not
 * open it, and the admin token does not open {@code /v1}. When no token is configured the admin interface is
 * answered as an unknown path (404, 20404), so it cannot be probed for.
 */
public class AdminAuthenticationFilter extends OncePerRequestFilter {

    static final String CHALLENGE = "Bearer realm=\"OpenProxy admin\"";

    private final byte[] tokenHash;
    private final TwilioErrorWriter errors;
    private final String adminBasePath;

    public AdminAuthenticationFilter(AdminProperties properties, TwilioErrorWriter errors, String adminBasePath) {
        this.tokenHash = properties.enabled() ? sha256(properties.token()) : null;
        this.errors = errors;
        this.adminBasePath = adminBasePath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !(path.equals(adminBasePath) || path.startsWith(adminBasePath + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (tokenHash == null) {
            errors.write(response, TwilioErrors.notFound(request.getRequestURI()));
            return;
        }
        String presented = presentedToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (presented == null || !MessageDigest.isEqual(sha256(presented), tokenHash)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            errors.write(response, ErrorCode.AUTHENTICATION_FAILED.error("Authenticate"));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The token from {@code Bearer <token>} or from the password of {@code Basic base64(user:token)}. */
    static String presentedToken(String header) {
        if (header == null) {
            return null;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return null;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
