package dev.openproxy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads the image tarballs Jib writes and holds them to what deploy/base expects: a numeric non-root user (the pods'
 * runAsUser), the process's port and main class, the probes' paths as labels, and no configuration inside. Runs on
 * api-gateway's configuration image in every build, and on each process's real image when {@code -Pimages} built it
 * (skipped otherwise: {@value ProcessImages#BUILD_COMMAND}).
 */
class ImageConfigurationTest {

    /** What the images may set; the rest (database, Kafka, credentials, addresses) comes from the Deployment. */
    private static final Pattern CONFIGURATION_VARIABLE = Pattern.compile("(SPRING|OPENPROXY|PROXY|SERVER|LOGGING)_.*"
            + "|.*(PASSWORD|TOKEN|SECRET|_KEY|_URL).*");

    /** Each tarball read once for all the tests (decompressing an image's layers takes seconds). */
    private static final Map<Path, ImageTarball> IMAGES = new ConcurrentHashMap<>();

    static Stream<Arguments> images() {
        List<Arguments> images = new ArrayList<>();
        images.add(Arguments.of("api-gateway", ProcessImages.CONFIGURATION_IMAGE));
        for (String process : ProcessImages.PROCESSES) {
            images.add(Arguments.of(process, ProcessImages.IMAGE));
        }
        return images.stream();
    }

    static Stream<String> processes() {
        return ProcessImages.PROCESSES.stream();
    }

    private static ImageTarball image(String process, String fileName) throws IOException {
        Path tarball = ProcessImages.tarball(process, fileName);
        if (fileName.equals(ProcessImages.IMAGE)) {
            assumeTrue(Files.isRegularFile(tarball), process + "'s image is not built; " + ProcessImages.BUILD_COMMAND);
        } else {
            // api-gateway's build makes it in every package; deploy-tests depends on api-gateway for that order.
            assertThat(tarball).as("built by api-gateway's package phase").isRegularFile();
        }
        return IMAGES.computeIfAbsent(tarball, ImageConfigurationTest::read);
    }

    private static ImageTarball read(Path tarball) {
        try {
            return ImageTarball.read(tarball);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void runsAsTheDeploymentsNonRootUserOnItsPortWithTheProbesPathsAsLabels(String process, String fileName)
            throws IOException {
        ImageTarball image = image(process, fileName);
        ProcessImages.Deployment deployment = ProcessImages.deployment(process);
        JsonNode config = image.config();

        assertThat(config.path("User").asText()).isEqualTo(deployment.user()).matches("[1-9][0-9]*:[0-9]+");
        assertThat(config.path("ExposedPorts").has(deployment.httpPort() + "/tcp")).as("exposes %s", deployment.httpPort())
                .isTrue();
        assertThat(image.entrypoint()).containsExactly("java", "-cp", "@/app/jib-classpath-file",
                ProcessImages.mainClass(process));
        assertThat(config.path("Labels").path("dev.openproxy.health.liveness").asText())
                .isEqualTo(deployment.probePath("livenessProbe"));
        assertThat(config.path("Labels").path("dev.openproxy.health.readiness").asText())
                .isEqualTo(deployment.probePath("readinessProbe"));
        assertThat(config.path("Labels").path("org.opencontainers.image.title").asText()).isEqualTo(process);
        assertThat(image.environment()).containsKey("JAVA_TOOL_OPTIONS");
        assertThat(image.environment().get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void takesItsConfigurationOnlyFromTheEnvironment(String process, String fileName) throws IOException {
        ImageTarball image = image(process, fileName);

        assertThat(image.environment().keySet()).noneMatch(name -> CONFIGURATION_VARIABLE.matcher(name).matches());
        assertThat(image.entrypoint()).noneMatch(argument -> argument.startsWith("-D") || argument.startsWith("--"));
        assertThat(image.config().path("Cmd").size()).as("no arguments").isZero();
        List<String> configurationFiles = new ArrayList<>();
        List<String> credentials = new ArrayList<>();
        for (String path : image.files().keySet()) {
            if (path.matches("(app/)?config/.+") || (path.matches("(.*/)?application[^/]*\\.(yml|yaml|properties)")
                    && !path.startsWith("app/resources/"))) {
                configurationFiles.add(path); // Spring Boot would read these before the environment's defaults
            }
            if (path.matches("app/resources/application[^/]*\\.(yml|yaml|properties)")) {
                String text = new String(image.configurationFile(path), StandardCharsets.UTF_8);
                if (text.matches("(?s).*password\\s*[:=]\\s*[\"']?[^\"'\\s#]+.*")) {
                    credentials.add(path);
                }
            }
        }
        assertThat(configurationFiles).as("configuration files outside the application's defaults").isEmpty();
        assertThat(credentials).as("packaged defaults with a password").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processes")
    void onTheHostBaseTheUserExistsJavaIsOnThePathAndTmpIsWritable(String process) throws IOException {
        ImageTarball image = image(process, ProcessImages.IMAGE);
        assumeTrue(ProcessImages.onHostBase(image), process + "'s image has another base (its own users and paths)");
        String user = image.config().path("User").asText();
        String uid = user.substring(0, user.indexOf(':'));

        String passwd = new String(image.configurationFile("etc/passwd"), StandardCharsets.UTF_8);
        assertThat(passwd.lines()).anyMatch(line -> line.split(":")[2].equals(uid));
        String javaHome = image.environment().get("JAVA_HOME").substring(1);
        ImageTarball.File java = image.files().get(javaHome + "/bin/java");
        assertThat(java).isNotNull();
        assertThat(java.regular() && (java.mode() & 0111) != 0).as("java is an executable file").isTrue();
        assertThat(image.environment().get("PATH")).startsWith("/" + javaHome + "/bin:");
        ImageTarball.File tmp = image.files().get("tmp");
        assertThat(tmp.directory() && tmp.mode() == 01777).as("/tmp is drwxrwxrwt").isTrue();
    }
}
