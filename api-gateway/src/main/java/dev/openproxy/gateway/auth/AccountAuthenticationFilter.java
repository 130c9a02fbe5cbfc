package dev.openproxy.gateway.auth;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.gateway.error.TwilioErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * HTTP Basic authentication of every request except the actuator's (probes and Prometheus scrapes carry no
 * credentials). Failure is Twilio's 401 with error 20003 (https://www.twilio.com/docs/errors/20003).
 * Nothing here logs the Authorization header or the body.
 */
public class AccountAuthenticationFilter extends OncePerRequestFilter {

    static final String CHALLENGE = "Basic realm=\"OpenProxy\"";

    private final AccountStore accounts;
    private final TwilioErrorWriter errors;
    private final String actuatorBasePath;

    public AccountAuthenticationFilter(AccountStore accounts, TwilioErrorWriter errors, String actuatorBasePath) {
        this.accounts = accounts;
        this.errors = errors;
        this.actuatorBasePath = actuatorBasePath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The servlet path is decoded and normalised by the container, so "/actuator/../v1" cannot sneak past.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals(actuatorBasePath) || path.startsWith(actuatorBasePath + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (credentials.isEmpty() || !accounts.authenticates(credentials.get().accountSid(), credentials.get().authToken())) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            errors.write(response, ErrorCode.AUTHENTICATION_FAILED.error("Authenticate"));
            return;
        }
        AuthenticatedAccount.set(request, credentials.get().accountSid());
        chain.doFilter(request, response);
    }
}
