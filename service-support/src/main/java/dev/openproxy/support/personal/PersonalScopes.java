package dev.openproxy.support.personal;

import java.util.regex.Pattern;

/** A scope is a SID-like token (letters and digits): it is embedded in ciphertexts and in URLs of the key endpoint. */
final class PersonalScopes {

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9]{1,64}");

    private PersonalScopes() {
    }

    static boolean isValid(String scope) {
        return scope != null && SCOPE.matcher(scope).matches();
    }

    static void require(String scope) {
        if (!isValid(scope)) {
            throw new IllegalArgumentException("Not a personal-data scope (a SID is expected)");
        }
    }
}
