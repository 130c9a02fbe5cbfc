package dev.openproxy.bench;

import dev.openproxy.localstack.ProxyService;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Memory of each service's JVM: the heap in use right after a full collection (requested with {@code jcmd <pid>
 * GC.run}, then read from the service's {@code jvm_memory_used_bytes{area="heap"}}), which is what the service keeps
 * alive, and the resident set size from {@code /proc/<pid>/status}, which is what the machine pays.
 */
final class ProcessMemory {

    /** One service: megabytes; NaN when not measured. */
    record Figures(double heapAfterGcMb, double heapMaxMb, double rssMb) {
    }

    private final Function<ProxyService, String> urls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");

    ProcessMemory(Function<ProxyService, String> urls) {
        this.urls = urls;
    }

    Map<String, Figures> measure() throws InterruptedException {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        Map<String, Figures> all = new LinkedHashMap<>();
        for (ProxyService service : ProxyService.values()) {
            List<ProcessHandle> processes = CpuSampler.processesOf(service, children);
            if (processes.size() != 1) {
                continue;
            }
            long pid = processes.get(0).pid();
            collectGarbage(pid);
            double[] heap = heap(service);
            all.put(service.shortName(), new Figures(heap[0], heap[1], rssMb(pid)));
        }
        return all;
    }

    private void collectGarbage(long pid) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            System.out.println("[scale] jcmd GC.run failed (" + e.getMessage() + "): heap figures include garbage");
        }
    }

    /** {used, max} of the heap in MB from the service's Prometheus text; NaN when it does not answer. */
    private double[] heap(ProxyService service) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(urls.apply(service) + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? heapOf(response.body()) : new double[] {Double.NaN, Double.NaN};
        } catch (IOException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** Sums {@code jvm_memory_used_bytes} and {@code jvm_memory_max_bytes} over the heap's pools, in MB. */
    static double[] heapOf(String prometheusText) {
        double used = 0;
        double max = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("#") || !line.contains("area=\"heap\"")) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (line.startsWith("jvm_memory_used_bytes{")) {
                used += value;
            } else if (line.startsWith("jvm_memory_max_bytes{") && value > 0) {
                max += value;
            }
        }
        return new double[] {used / 1e6, max / 1e6};
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e3; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }
}
