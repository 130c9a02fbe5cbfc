package dev.openproxy.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Maven reactor is, for code that starts a stack from the repository's jars (tests, the benchmark). */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /**
     * {@code -Dopenproxy.repositoryRoot} (failsafe sets it), else {@code PROXY_REPOSITORY_ROOT}, else the first folder
     * from the working directory up that holds the reactor.
     */
    public static Path find() {
        String configured = System.getProperty("openproxy.repositoryRoot", System.getenv("PROXY_REPOSITORY_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root; set -Dopenproxy.repositoryRoot or "
                + "PROXY_REPOSITORY_ROOT");
    }

    /** A folder with the root pom.xml and local-stack/ in it. */
    public static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("local-stack"));
    }
}
