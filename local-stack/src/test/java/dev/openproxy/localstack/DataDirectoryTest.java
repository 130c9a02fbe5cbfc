package dev.openproxy.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void aFolderThatIsNotOursIsNeverUsedNorWiped() throws Exception {
        Path home = parent.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("thesis.tex"), "precious");

        assertThatThrownBy(() -> DataDirectory.open(home)).isInstanceOf(LocalStackException.class)
                .hasMessageContaining("not a local stack's data directory");
        assertThat(home.resolve("thesis.tex")).exists();
    }

    @Test
    void onlyOneStackAtATime() throws Exception {
        Path data = parent.resolve("data");
        try (DataDirectory first = DataDirectory.open(data)) {
            assertThatThrownBy(() -> DataDirectory.open(data)).isInstanceOf(LocalStackException.class)
                    .hasMessageContaining("Another local stack is running");
        }
        DataDirectory.open(data).close();
    }

    @Test
    void wipeRemovesDataButKeepsLogsAndTheMarker() throws Exception {
        Path data = parent.resolve("data");
        try (DataDirectory directory = DataDirectory.open(data)) {
            Files.createDirectories(directory.postgres().resolve("base"));
            Files.writeString(directory.postgres().resolve("base/1"), "rows");
            Files.createDirectories(directory.kafka());
            Files.writeString(directory.credentials(), "account-sid=...");
            Files.createDirectories(data.resolve("logs"));
            Files.writeString(data.resolve("logs/launcher.log"), "log");

            directory.wipe();

            assertThat(directory.postgres()).doesNotExist();
            assertThat(directory.kafka()).doesNotExist();
            assertThat(directory.credentials()).doesNotExist();
            assertThat(data.resolve("logs/launcher.log")).exists();
            assertThat(data.resolve(DataDirectory.MARKER)).exists();
            assertThat(Files.readString(data.resolve(".gitignore"))).isEqualTo("*\n");
        }
        // still recognised as ours after the wipe
        DataDirectory.open(data).close();
    }
}
