package dev.openproxy.gateway.routing;

import dev.openproxy.gateway.auth.AuthenticatedAccount;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * The header that tells a service which account is calling. A copy of
 * {@code dev.openproxy.support.account.AccountHeader.NAME}: depending on service-support would pull Axon and
 * Kafka auto-configuration into the gateway. Services trust this header, so whatever a client sent is replaced.
 */
final class AccountHeader {

    static final String NAME = "X-OpenProxy-Account-Sid";

    private AccountHeader() {
    }

    /**
     * Before-filter of every route: sets the header to the authenticated account (replacing any client copy,
     * whatever its case) and drops the client's credentials, which the services have no use for.
     */
    static ServerRequest forwardAuthenticatedAccount(ServerRequest request) {
        String accountSid = AuthenticatedAccount.of(request.servletRequest())
                .orElseThrow(() -> new IllegalStateException("Route reached without authentication"));
        return ServerRequest.from(request)
                .headers(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    headers.set(NAME, accountSid);
                })
                .build();
    }
}
