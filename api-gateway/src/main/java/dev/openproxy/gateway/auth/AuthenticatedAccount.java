package dev.openproxy.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/** Carries the account SID that authentication proved from the auth filter to the routes, as a request attribute. */
public final class AuthenticatedAccount {

    static final String ATTRIBUTE = AuthenticatedAccount.class.getName() + ".sid";

    private AuthenticatedAccount() {
    }

    static void set(HttpServletRequest request, String accountSid) {
        request.setAttribute(ATTRIBUTE, accountSid);
    }

    public static Optional<String> of(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(ATTRIBUTE));
    }
}
