package dev.openproxy.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsTest {

    @TempDir
    Path directory;

    @Test
    void generatedCredentialsHaveTwiliosShapes() {
        Credentials credentials = Credentials.generate();

        assertThat(credentials.accountSid()).matches("AC[0-9a-f]{32}");
        assertThat(credentials.authToken()).matches("[0-9a-f]{32}");
        assertThat(Credentials.generate()).isNotEqualTo(credentials);
    }

    @Test
    void environmentWinsAndNothingIsStored() {
        Path file = directory.resolve("credentials");
        String sid = "AC" + "0123456789abcdef".repeat(2);

        Credentials credentials = Credentials.resolve(
                Map.of("PROXY_ACCOUNT_SID", sid, "PROXY_AUTH_TOKEN", "my-token-123"), file);

        assertThat(credentials).isEqualTo(new Credentials(sid, "my-token-123"));
        assertThat(file).doesNotExist();
    }

    @Test
    void generatedOnceThenTheSamePairOnEveryRun() throws Exception {
        Path file = directory.resolve("nested/credentials");

        Credentials first = Credentials.resolve(Map.of(), file);
        Credentials second = Credentials.resolve(Map.of(), file);

        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(file)).contains(first.accountSid()).contains(first.authToken());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void onlyOneOfTheTwoVariablesIsAMistake() {
        assertThatThrownBy(() -> Credentials.resolve(Map.of("PROXY_AUTH_TOKEN", "secret-token"),
                directory.resolve("credentials")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PROXY_ACCOUNT_SID");
    }

    @Test
    void malformedValuesAreRejected() {
        assertThatThrownBy(() -> new Credentials("AC123", "secret-token")).hasMessageContaining("32 lowercase hex");
        assertThatThrownBy(() -> new Credentials("AC" + "0123456789ABCDEF".repeat(2), "secret-token"))
                .hasMessageContaining("32 lowercase hex");
        assertThatThrownBy(() -> new Credentials("AC" + "0".repeat(32), "has space"))
                .hasMessageContaining("auth token");
    }

    @Test
    void aDamagedFileSaysWhichFileToDelete() throws Exception {
        Path file = directory.resolve("credentials");
        Files.writeString(file, "account-sid=nonsense\nauth-token=whatever-token\n");

        assertThatThrownBy(() -> Credentials.resolve(Map.of(), file))
                .hasMessageContaining(file.toString()).hasMessageContaining("delete it");
    }

    @Test
    void toStringHidesTheToken() {
        Credentials credentials = Credentials.generate();

        assertThat(credentials.toString()).contains(credentials.accountSid()).doesNotContain(credentials.authToken());
    }
}
