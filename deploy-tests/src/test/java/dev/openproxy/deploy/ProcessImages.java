package dev.openproxy.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The five processes' images as the build leaves them, and what deploy/base expects of each. */
final class ProcessImages {

    static final List<String> PROCESSES = List.of(
            "api-gateway", "session-service", "participant-service", "number-pool-service", "routing-service");

    /** Built in every build (api-gateway's pom: an image on {@code scratch}, for its configuration only). */
    static final String CONFIGURATION_IMAGE = "jib-configuration-image.tar";
    /** Built by {@code -Pimages}. */
    static final String IMAGE = "jib-image.tar";

    static final String BUILD_COMMAND = "./mvnw -B -Pimages,host-base-image package -DskipTests";

    private ProcessImages() {
    }

    static Path tarball(String process, String fileName) {
        return Kustomize.repositoryRoot().resolve(process).resolve("target").resolve(fileName);
    }

    /** Whether the image's base came from deploy/images/HostBaseImage.java (its history says so). */
    static boolean onHostBase(ImageTarball image) {
        for (var step : image.document().path("history")) {
            if (step.path("created_by").asText().contains("HostBaseImage")) {
                return true;
            }
        }
        return false;
    }

    /** {@code openproxy.image.main-class} of the process's pom. */
    static String mainClass(String process) throws IOException {
        String pom = Files.readString(Kustomize.repositoryRoot().resolve(process).resolve("pom.xml"));
        Matcher matcher = Pattern.compile("<openproxy.image.main-class>([^<]+)</openproxy.image.main-class>").matcher(pom);
        if (!matcher.find()) {
            throw new IllegalStateException(process + "/pom.xml sets no openproxy.image.main-class");
        }
        return matcher.group(1).trim();
    }

    /** The process's Deployment in deploy/base, as written (no Kustomize needed). */
    @SuppressWarnings("unchecked")
    static Deployment deployment(String process) throws IOException {
        String yaml = Files.readString(Kustomize.repositoryRoot().resolve("deploy/base").resolve(process + ".yaml"));
        for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            Map<String, Object> manifest = (Map<String, Object>) document;
            if (manifest != null && "Deployment".equals(manifest.get("kind"))) {
                Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                        manifest.get("spec")).get("template")).get("spec");
                Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
                return new Deployment((Map<String, Object>) podSpec.get("securityContext"), container);
            }
        }
        throw new IllegalStateException("deploy/base/" + process + ".yaml has no Deployment");
    }

    record Deployment(Map<String, Object> podSecurityContext, Map<String, Object> container) {

        String user() {
            return podSecurityContext.get("runAsUser") + ":" + podSecurityContext.get("runAsGroup");
        }

        @SuppressWarnings("unchecked")
        int httpPort() {
            return ((List<Map<String, Object>>) container.get("ports")).stream()
                    .filter(port -> "http".equals(port.get("name")))
                    .map(port -> (Integer) port.get("containerPort"))
                    .findFirst().orElseThrow();
        }

        @SuppressWarnings("unchecked")
        String probePath(String probe) {
            return (String) ((Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet")).get("path");
        }
    }
}
