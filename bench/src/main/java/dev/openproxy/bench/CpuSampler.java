package dev.openproxy.bench;

import dev.openproxy.localstack.ProxyService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time per process of the stack, to see where a workload's time goes: each service's JVM (a child of this JVM),
 * PostgreSQL (the postmaster and its backends), this JVM ("bench": the load generator, the fake carrier and the
 * in-process Kafka broker) and the whole machine from /proc/stat, which includes whatever else runs on it.
 */
final class CpuSampler {

    private final Path postgresDataDirectory;
    private final ServiceMetrics metrics;

    CpuSampler(Path postgresDataDirectory, ServiceMetrics metrics) {
        this.postgresDataDirectory = postgresDataDirectory;
        this.metrics = metrics;
    }

    /** The services' own timers, sampled with the CPU (null: none). */
    ServiceMetrics metrics() {
        return metrics;
    }

    /** CPU used so far, in nanoseconds, by name. */
    Map<String, Long> sample() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        for (ProxyService service : ProxyService.values()) {
            cpu.put(service.shortName(), processesOf(service, children).stream().mapToLong(CpuSampler::cpu).sum());
        }
        cpu.put("postgres", postmaster().map(p -> cpu(p) + p.descendants().mapToLong(CpuSampler::cpu).sum()).orElse(0L));
        cpu.put("bench", cpu(ProcessHandle.current()));
        cpu.put("machine", machineBusyNanos());
        return cpu;
    }

    /** The JVMs of a service among this JVM's children (one, unless a restart overlaps). */
    static List<ProcessHandle> processesOf(ProxyService service, List<ProcessHandle> children) {
        return children.stream().filter(child -> child.info().commandLine().map(c -> c.contains(service.moduleName() + "-")
                && c.contains("-exec.jar")).orElse(false)).toList();
    }

    /** Cores used between two samples. */
    static Map<String, Double> cores(Map<String, Long> before, Map<String, Long> after, Duration elapsed) {
        Map<String, Double> cores = new LinkedHashMap<>();
        after.forEach((name, nanos) -> cores.put(name,
                Math.round(100.0 * Math.max(0, nanos - before.getOrDefault(name, 0L)) / elapsed.toNanos()) / 100.0));
        // What else ran on the machine meanwhile (other builds, the kernel's share of ours).
        double ours = cores.entrySet().stream().filter(e -> !e.getKey().equals("machine"))
                .mapToDouble(Map.Entry::getValue).sum();
        if (cores.containsKey("machine")) {
            cores.put("others", Math.max(0, Math.round(100.0 * (cores.get("machine") - ours)) / 100.0));
        }
        return cores;
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(postgresDataDirectory.resolve("postmaster.pid"));
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Busy time of all cores together (user, nice, system, irq, softirq, steal) from the first line of /proc/stat. */
    private static long machineBusyNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy * 10_000_000L; // USER_HZ = 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
