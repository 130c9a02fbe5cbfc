package dev.openproxy.deploy;

import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs api-gateway's image without a container engine: its layers unpacked into a directory, its entrypoint started
 * in a chroot inside an unprivileged user, mount and PID namespace ({@code unshare -r -m -p}), with the image's
 * environment plus the Deployment's kind of variables, against an embedded PostgreSQL on the host's network. It
 * must answer {@code /actuator/health/readiness} with UP: the image's JVM, libraries, classpath and env-only
 * configuration work. The gateway, because it needs no Kafka. Skipped when the image is not built
 * ({@value ProcessImages#BUILD_COMMAND}) or the machine lacks unshare, chroot or unprivileged user namespaces. One
 * difference to Kubernetes: the process runs as the namespace's root (mapped to the test's user), as only one
 * user can be mapped without privileges; ImageConfigurationTest checks the image's user.
 */
class ImageSmokeTest {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    @Test
    void theGatewaysImageStartsAndBecomesReadyInAChroot(@TempDir Path work) throws Exception {
        Path tarball = ProcessImages.tarball("api-gateway", ProcessImages.IMAGE);
        assumeTrue(Files.isRegularFile(tarball), "api-gateway's image is not built; " + ProcessImages.BUILD_COMMAND);
        Optional<Path> unshare = hostTool("unshare");
        Optional<Path> chroot = hostTool("chroot");
        assumeTrue(unshare.isPresent() && chroot.isPresent(), "needs unshare and chroot (util-linux, coreutils)");
        assumeTrue(succeeds(List.of(unshare.get().toString(), "-r", "-m", "true")), "no unprivileged user namespaces");

        ImageTarball image = ImageTarball.read(tarball);
        Path root = work.resolve("rootfs");
        image.unpack(root);
        Files.createDirectories(root.resolve("proc")); // mount points a container runtime would provide
        Files.createDirectories(root.resolve("dev"));

        int port = freePort();
        List<String> command = new ArrayList<>(List.of(unshare.get().toString(), "-r", "-m", "-p", "-f", "--kill-child",
                "--mount-proc=" + root.resolve("proc"), "/bin/sh", "-c",
                "mount --rbind /dev \"$0/dev\" && exec " + chroot.get() + " \"$0\" \"$@\"", root.toString()));
        command.addAll(image.entrypoint());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(image.environment());
        environment.put("SPRING_DATASOURCE_URL", EmbeddedPostgres.newDatabase("image_smoke").replace("localhost", "127.0.0.1"));
        environment.put("SPRING_DATASOURCE_USERNAME", "postgres");
        environment.put("SPRING_DATASOURCE_PASSWORD", "");
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");

        Process gateway = builder.start();
        try {
            HttpResponse<String> readiness = awaitReadiness(gateway, port, work.resolve("gateway.log"));
            assertThat(readiness.body()).contains("\"status\":\"UP\"");
            assertThat(Files.readAllLines(work.resolve("gateway.log"))).as("JSON logs from the image's JVM")
                    .anyMatch(line -> line.startsWith("{") && line.contains("Started ApiGatewayApplication"));
            HttpResponse<String> unauthenticated = get(port, "/v1/Services");
            assertThat(unauthenticated.statusCode()).isEqualTo(401);
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<String> awaitReadiness(Process gateway, int port, Path log) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!gateway.isAlive()) {
                fail("the image's process exited with " + gateway.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> response = get(port, "/actuator/health/readiness");
                if (response.statusCode() == 200) {
                    return response;
                }
            } catch (IOException notListeningYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        return fail("not ready within " + STARTUP + ":\n" + tail(log));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Optional<Path> hostTool(String name) {
        Stream<String> directories = Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin", "/sbin"));
        return directories.filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name)).filter(Files::isExecutable).findFirst();
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
