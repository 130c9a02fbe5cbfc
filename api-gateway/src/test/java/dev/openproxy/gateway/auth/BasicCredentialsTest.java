package dev.openproxy.gateway.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class BasicCredentialsTest {

    private static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tokenMayContainColonsBecauseOnlyTheFirstSeparates() {
        assertThat(BasicCredentials.parse(basic("ACabc:to:ken")))
                .contains(new BasicCredentials("ACabc", "to:ken"));
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(BasicCredentials.parse("basic " + Base64.getEncoder().encodeToString("AC1:t".getBytes())))
                .contains(new BasicCredentials("AC1", "t"));
    }

    @Test
    void headersThatAreNotBasicCredentialsYieldNothing() {
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("Bearer x")).isEmpty();
        assertThat(BasicCredentials.parse("Basic %%%")).isEmpty();
        assertThat(BasicCredentials.parse(basic(":token"))).isEmpty();
        assertThat(BasicCredentials.parse(basic("nocolon"))).isEmpty();
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(new BasicCredentials("AC1", "secret-token").toString()).doesNotContain("secret-token");
    }
}
