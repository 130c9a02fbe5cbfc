package dev.openproxy.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize <dir>}, parsed into one map per manifest. */
final class Kustomize {

    private static Boolean available;

    private Kustomize() {
    }

    static Path repositoryRoot() {
        String configured = System.getProperty("openproxy.repositoryRoot");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/base"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root; set -Dopenproxy.repositoryRoot");
    }

    /** Whether {@code kubectl} (with its built-in Kustomize) is on the PATH. */
    static synchronized boolean available() {
        if (available == null) {
            try {
                Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                available = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString()).start();
        byte[] err = new byte[0];
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + directory + " failed: "
                    + new String(err, StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(out)) {
            if (document != null) {
                manifests.add((Map<String, Object>) document);
            }
        }
        return manifests;
    }
}
