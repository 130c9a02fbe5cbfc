package dev.openproxy.gateway.auth;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.gateway.error.TwilioErrorWriter;
import dev.openproxy.gateway.error.TwilioErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * HTTP Basic authentication of every request except the actuator's (probes and Prometheus scrapes carry no
 * credentials) and the admin interface's (its own credential, {@code AdminAuthenticationFilter}). Failure is
 * Twilio's 401 with error 20003 (https://www.twilio.com/docs/errors/20003). Nothing here logs the Authorization
 * header or the body.
 */
public class AccountAuthenticationFilter extends OncePerRequestFilter {

    static final String CHALLENGE = "Basic realm=\"OpenProxy\"";
    private static final Logger log = LoggerFactory.getLogger(AccountAuthenticationFilter.class);

    private final Authenticator authenticator;
    private final TwilioErrorWriter errors;
    private final String actuatorBasePath;
    private final String adminBasePath;
    private final String carrierBasePath;
    private final String internalBasePath;

    /**
     * @param carrierBasePath  carrier webhooks: signed with the carrier's token, checked by routing-service
     * @param internalBasePath served on the internal port only, to other services (InternalPortFilter)
     */
    public AccountAuthenticationFilter(Authenticator authenticator, TwilioErrorWriter errors, String actuatorBasePath,
                                       String adminBasePath, String carrierBasePath, String internalBasePath) {
        this.authenticator = authenticator;
        this.errors = errors;
        this.actuatorBasePath = actuatorBasePath;
        this.adminBasePath = adminBasePath;
        this.carrierBasePath = carrierBasePath;
        this.internalBasePath = internalBasePath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The servlet path is decoded and normalised by the container, so "/actuator/../v1" cannot sneak past.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return under(path, actuatorBasePath) || under(path, adminBasePath) || under(path, carrierBasePath)
                || under(path, internalBasePath);
    }

    static boolean under(String path, String base) {
        return path.equals(base) || path.startsWith(base + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeader(HttpHeaders.AUTHORIZATION));
        Optional<String> account;
        try {
            account = credentials.flatMap(c -> authenticator.accountOf(c.username(), c.password()));
        } catch (DataAccessException databaseDown) {
            log.warn("Cannot check credentials: the gateway's database is unavailable ({})",
                    databaseDown.getMostSpecificCause().getClass().getSimpleName());
            errors.write(response, TwilioErrors.serviceUnavailable());
            return;
        }
        if (account.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            errors.write(response, ErrorCode.AUTHENTICATION_FAILED.error("Authenticate"));
            return;
        }
        AuthenticatedAccount.set(request, account.get());
        chain.doFilter(request, response);
    }
}
