package dev.openproxy.deploy;

import dev.openproxy.contracts.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders deploy/base and every overlay with {@code kubectl kustomize} and checks each workload as the cluster would
 * run it: labels, probes, resources, a non-root security context, graceful shutdown, a disruption budget and an
 * autoscaler per OpenProxy process, the Ingress's paths, and that every ConfigMap key a container reads exists.
 * Skipped (not failed) where kubectl is not on the PATH.
 */
class RenderedManifestsTest {

    static final Set<String> PROCESSES = Set.of("api-gateway", "session-service", "participant-service",
            "number-pool-service", "routing-service");
    static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob");
    static final String NAME = "app.kubernetes.io/name";
    static final String PART_OF = "app.kubernetes.io/part-of";

    static final Map<String, List<Map<String, Object>>> rendered = new LinkedHashMap<>();

    @BeforeAll
    static void render() throws Exception {
        assumeTrue(Kustomize.available(), "kubectl is not on the PATH: deploy/ is not rendered here");
        Path deploy = Kustomize.repositoryRoot().resolve("deploy");
        rendered.put("base", Kustomize.render(deploy.resolve("base")));
        try (Stream<Path> overlays = Files.list(deploy.resolve("overlays"))) {
            for (Path overlay : overlays.filter(Files::isDirectory).sorted().toList()) {
                rendered.put(overlay.getFileName().toString(), Kustomize.render(overlay));
            }
        }
    }

    static Stream<String> renderings() {
        return Stream.of("base", "dev", "production");
    }

    static Stream<String> overlays() {
        return Stream.of("dev", "production");
    }

    @Test
    void everyOverlayIsCheckedHere() throws Exception {
        try (Stream<Path> overlays = Files.list(Kustomize.repositoryRoot().resolve("deploy/overlays"))) {
            assertThat(overlays.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(overlays().toList());
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyWorkloadHasLabelsProbesResourcesAndANonRootSecurityContext(String rendering) {
        List<Map<String, Object>> workloads = ofKinds(rendering, WORKLOAD_KINDS);
        assertThat(workloads).isNotEmpty();
        for (Map<String, Object> workload : workloads) {
            String name = name(workload);
            String where = rendering + " " + workload.get("kind") + " " + name;
            assertThat(labels(map(workload, "metadata"))).as(where + " labels").containsKey(NAME)
                    .containsEntry(PART_OF, "openproxy");
            Map<String, Object> template = podTemplate(workload);
            Map<String, Object> templateLabels = labels(map(template, "metadata"));
            assertThat(templateLabels).as(where + " pod labels").containsEntry(NAME, name).containsEntry(PART_OF, "openproxy");
            if (!workload.get("kind").equals("Job") && !workload.get("kind").equals("CronJob")) {
                assertThat(templateLabels).as(where + " selector matches the pods")
                        .containsAllEntriesOf(strings(map(map(map(workload, "spec"), "selector"), "matchLabels")));
            }
            Map<String, Object> pod = map(template, "spec");
            Map<String, Object> podSecurity = map(pod, "securityContext");
            assertThat(podSecurity.get("runAsNonRoot")).as(where + " runAsNonRoot").isEqualTo(true);
            assertThat(((Number) podSecurity.get("runAsUser")).intValue()).as(where + " runAsUser").isPositive();
            assertThat(map(podSecurity, "seccompProfile").get("type")).as(where + " seccomp").isEqualTo("RuntimeDefault");
            assertThat(pod.get("automountServiceAccountToken")).as(where + " no API token").isEqualTo(false);
            List<Map<String, Object>> containers = new ArrayList<>(list(pod, "containers"));
            containers.addAll(list(pod, "initContainers"));
            for (Map<String, Object> container : containers) {
                String at = where + " container " + container.get("name");
                assertThat(container.get("image")).as(at + " image").isNotNull();
                assertThat(String.valueOf(container.get("image"))).as(at + " image tag").contains(":").doesNotEndWith(":latest");
                Map<String, Object> resources = map(container, "resources");
                assertThat(map(resources, "requests")).as(at + " requests").containsKeys("cpu", "memory");
                assertThat(map(resources, "limits")).as(at + " limits").containsKeys("cpu", "memory");
                Map<String, Object> security = map(container, "securityContext");
                assertThat(security.get("allowPrivilegeEscalation")).as(at + " allowPrivilegeEscalation").isEqualTo(false);
                assertThat(map(security, "capabilities").get("drop")).as(at + " capabilities")
                        .asInstanceOf(InstanceOfAssertFactories.LIST).contains("ALL");
                assertThat(security.get("privileged")).as(at + " privileged").isNotEqualTo(true);
                if (list(pod, "initContainers").contains(container) || isJob(workload)) {
                    continue;
                }
                assertThat(container).as(at + " probes").containsKeys("readinessProbe", "livenessProbe");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void openProxyProcessesProbeTheActuatorAndShutDownGracefully(String rendering) {
        List<Map<String, Object>> deployments = ofKinds(rendering, Set.of("Deployment"));
        assertThat(deployments.stream().map(RenderedManifestsTest::name)).containsExactlyInAnyOrderElementsOf(PROCESSES);
        for (Map<String, Object> deployment : deployments) {
            String where = rendering + " " + name(deployment);
            Map<String, Object> pod = map(podTemplate(deployment), "spec");
            Map<String, Object> container = list(pod, "containers").get(0);
            assertThat(probePath(container, "readinessProbe")).as(where + " readiness").isEqualTo("/actuator/health/readiness");
            assertThat(probePath(container, "livenessProbe")).as(where + " liveness").isEqualTo("/actuator/health/liveness");
            assertThat(probePath(container, "startupProbe")).as(where + " startup").isEqualTo("/actuator/health/liveness");
            assertThat(map(container, "securityContext").get("readOnlyRootFilesystem")).as(where + " read-only root").isEqualTo(true);
            assertThat(((Number) pod.get("terminationGracePeriodSeconds")).intValue()).as(where + " grace period")
                    .isGreaterThanOrEqualTo(30);
            assertThat(map(map(container, "lifecycle"), "preStop")).as(where + " preStop").isNotEmpty();
            assertThat(strings(map(map(podTemplate(deployment), "metadata"), "annotations")))
                    .as(where + " Prometheus annotations").containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
            assertThat(map(deployment, "spec")).as(where + ": the HPA owns the replica count").doesNotContainKey("replicas");
            assertThat(env(container)).as(where + " structured logs").containsKey("LOGGING_STRUCTURED_FORMAT_CONSOLE");
            assertThat(env(container).values().stream().map(String::valueOf).filter(v -> v.contains("localhost")))
                    .as(where + ": nothing points at localhost in a pod").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyProcessHasAServiceADisruptionBudgetAndAnAutoscaler(String rendering) {
        for (String process : PROCESSES) {
            Map<String, Object> service = one(rendering, "Service", process);
            assertThat(strings(map(map(service, "spec"), "selector"))).as(rendering + " Service " + process)
                    .containsEntry(NAME, process);
            assertThat(labels(map(service, "metadata"))).as(rendering + " Service labels " + process)
                    .containsEntry(NAME, process).containsEntry(PART_OF, "openproxy");
            Map<String, Object> pdb = map(one(rendering, "PodDisruptionBudget", process), "spec");
            assertThat(strings(map(map(pdb, "selector"), "matchLabels"))).containsEntry(NAME, process);
            assertThat(pdb).as(rendering + " PDB " + process).containsKey("maxUnavailable");
            Map<String, Object> hpa = map(one(rendering, "HorizontalPodAutoscaler", process), "spec");
            assertThat(map(hpa, "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", process);
            int min = ((Number) hpa.get("minReplicas")).intValue();
            int max = ((Number) hpa.get("maxReplicas")).intValue();
            assertThat(min).as(rendering + " HPA min " + process).isGreaterThanOrEqualTo(rendering.equals("dev") ? 1 : 2);
            assertThat(max).as(rendering + " HPA max " + process).isGreaterThan(min);
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void theIngressRoutesOnlyTheApiAndCarrierWebhooksToTheGatewaysPublicPort(String rendering) {
        List<Map<String, Object>> ingresses = ofKinds(rendering, Set.of("Ingress"));
        assertThat(ingresses).hasSize(1);
        Map<String, Object> spec = map(ingresses.get(0), "spec");
        assertThat(spec).doesNotContainKey("defaultBackend");
        List<String> paths = new ArrayList<>();
        for (Map<String, Object> rule : list(spec, "rules")) {
            for (Map<String, Object> path : list(map(rule, "http"), "paths")) {
                paths.add((String) path.get("path"));
                Map<String, Object> backend = map(map(path, "backend"), "service");
                assertThat(backend.get("name")).isEqualTo("api-gateway");
                assertThat(map(backend, "port")).as("the public port, never internal/8090").isEqualTo(Map.of("name", "http"));
            }
        }
        assertThat(paths).containsExactlyInAnyOrder("/v1", "/carrier");
        Map<String, Object> gatewayPorts = new HashMap<>();
        list(map(one(rendering, "Service", "api-gateway"), "spec"), "ports").forEach(p -> gatewayPorts.put((String) p.get("name"), p.get("port")));
        assertThat(gatewayPorts).containsEntry("http", 8080).containsEntry("internal", 8090);
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyConfigMapKeyAContainerReadsExists(String rendering) {
        Map<String, Map<String, Object>> configMaps = ofKinds(rendering, Set.of("ConfigMap")).stream()
                .collect(Collectors.toMap(RenderedManifestsTest::name, c -> map(c, "data")));
        Set<String> secrets = ofKinds(rendering, Set.of("Secret")).stream().map(RenderedManifestsTest::name)
                .collect(Collectors.toSet());
        for (Map<String, Object> workload : ofKinds(rendering, WORKLOAD_KINDS)) {
            for (Map<String, Object> container : list(map(podTemplate(workload), "spec"), "containers")) {
                for (Map<String, Object> variable : list(container, "env")) {
                    Map<String, Object> from = map(variable, "valueFrom");
                    String at = rendering + " " + name(workload) + " " + variable.get("name");
                    if (from.containsKey("configMapKeyRef")) {
                        Map<String, Object> ref = map(from, "configMapKeyRef");
                        assertThat(configMaps).as(at).containsKey((String) ref.get("name"));
                        assertThat(configMaps.get(ref.get("name"))).as(at).containsKey((String) ref.get("key"));
                    }
                    Map<String, Object> secret = map(from, "secretKeyRef");
                    if (!secret.isEmpty() && rendering.equals("dev") && !Boolean.TRUE.equals(secret.get("optional"))) {
                        // dev generates every Secret; production's come from the operator's secret management.
                        assertThat(secrets).as(at).contains((String) secret.get("name"));
                    }
                }
            }
        }
    }

    @Test
    void devRunsOnePostgresWithTheFiveDatabasesAndAKraftKafka() {
        Map<String, Object> initdb = map(one("dev", "ConfigMap", "postgres-initdb"), "data");
        String sql = String.valueOf(initdb.get("create-databases.sql"));
        List<String> databases = List.of("session_service", "participant_service", "number_pool_service",
                "routing_service", "api_gateway");
        for (String database : databases) {
            assertThat(sql).contains("CREATE DATABASE " + database + ";");
        }
        assertThat(String.valueOf(list(map(podTemplate(one("dev", "StatefulSet", "postgres")), "spec"), "containers")
                .get(0).get("image"))).startsWith("postgres:");
        Map<String, Object> kafka = list(map(podTemplate(one("dev", "StatefulSet", "kafka")), "spec"), "containers").get(0);
        assertThat(String.valueOf(kafka.get("image"))).startsWith("apache/kafka:");
        assertThat(env(kafka)).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        assertThat(map(one("dev", "ConfigMap", "openproxy-config"), "data")).containsEntry("kafka-topic-replicas", "1");
    }

    @Test
    void productionHasAKafkaTopicForEveryTopicAndADatabaseForEveryProcess() throws Exception {
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        assertThat(topics).hasSize(5);
        assertThat(ofKinds("production", Set.of("KafkaTopic")).stream().map(RenderedManifestsTest::name))
                .containsExactlyInAnyOrderElementsOf(topics);
        assertThat(ofKinds("production", Set.of("Kafka"))).hasSize(1);
        assertThat(ofKinds("production", Set.of("Cluster"))).hasSize(1);
        assertThat(ofKinds("production", Set.of("Database")).stream().map(d -> map(d, "spec").get("name")))
                .containsExactlyInAnyOrder("session_service", "participant_service", "number_pool_service",
                        "routing_service", "api_gateway");
        assertThat(ofKinds("production", Set.of("ServiceMonitor", "PrometheusRule")).stream().map(m -> m.get("kind")))
                .containsExactlyInAnyOrder("ServiceMonitor", "PrometheusRule");
        assertThat(labels(map(one("production", "ConfigMap", "openproxy-grafana-dashboard"), "metadata")))
                .containsEntry("grafana_dashboard", "1");
    }

    // --- helpers ---

    static boolean isJob(Map<String, Object> workload) {
        return workload.get("kind").equals("Job") || workload.get("kind").equals("CronJob");
    }

    static Map<String, Object> podTemplate(Map<String, Object> workload) {
        Map<String, Object> spec = map(workload, "spec");
        if (workload.get("kind").equals("CronJob")) {
            spec = map(map(spec, "jobTemplate"), "spec");
        }
        return map(spec, "template");
    }

    static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container, probe), "httpGet").get("path");
    }

    static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Map<String, Object> variable : list(container, "env")) {
            env.put((String) variable.get("name"), variable.containsKey("value") ? variable.get("value") : variable.get("valueFrom"));
        }
        return env;
    }

    /**
     * The four services' port serves their API (trusting the account header, ADR 0002) and their data keys
     * (/internal/personal-data-keys, ADR 0012): only OpenProxy's pods and Prometheus pods of a labelled namespace may
     * reach it, never any other pod of that namespace.
     */
    @ParameterizedTest
    @MethodSource("renderings")
    void theServicesPortIsReachableOnlyFromOpenProxyAndPrometheusPods(String rendering) {
        Map<String, Object> policy = one(rendering, "NetworkPolicy", "openproxy-services");
        List<Map<String, Object>> rules = list(map(policy, "spec"), "ingress");
        assertThat(rules).isNotEmpty();
        for (Map<String, Object> rule : rules) {
            List<Map<String, Object>> peers = list(rule, "from");
            assertThat(peers).as(rendering + ": a rule without from admits everyone").isNotEmpty();
            for (Map<String, Object> peer : peers) {
                Map<String, Object> pods = map(map(peer, "podSelector"), "matchLabels");
                if (peer.containsKey("namespaceSelector")) {
                    assertThat(strings(map(map(peer, "namespaceSelector"), "matchLabels")))
                            .containsEntry("openproxy.dev/scrape", "true");
                    assertThat(strings(pods)).as(rendering + ": only Prometheus pods of that namespace")
                            .containsEntry(NAME, "prometheus");
                } else {
                    assertThat(strings(pods)).as(rendering + ": OpenProxy's own pods").containsEntry(PART_OF, "openproxy");
                }
            }
        }
    }

    static List<Map<String, Object>> ofKinds(String rendering, Set<String> kinds) {
        assertThat(rendered).as("rendered " + rendering).containsKey(rendering);
        return rendered.get(rendering).stream().filter(m -> kinds.contains(m.get("kind"))).toList();
    }

    static Map<String, Object> one(String rendering, String kind, String name) {
        List<Map<String, Object>> found = ofKinds(rendering, Set.of(kind)).stream()
                .filter(m -> name.equals(name(m)) || name(m).matches(Pattern.quote(name) + "-[a-z0-9]{10}")).toList();
        assertThat(found).as(rendering + " " + kind + " " + name).hasSize(1);
        return found.get(0);
    }

    static String name(Map<String, Object> manifest) {
        return (String) map(manifest, "metadata").get("name");
    }

    static Map<String, Object> labels(Map<String, Object> metadata) {
        return map(metadata, "labels");
    }

    static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((k, v) -> strings.put(k, Objects.toString(v)));
        return strings;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}
