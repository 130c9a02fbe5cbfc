package dev.openproxy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's settings, from {@code --name=value} arguments; every one has a default that runs on a laptop.
 *
 * @param warmup            per workload, not measured
 * @param duration          per workload, measured
 * @param workloads         which workloads to run, in the fixed order of {@link #ALL_WORKLOADS}
 * @param sessionClients    concurrent clients creating Sessions (closed loop)
 * @param participantClients concurrent clients adding Participants (closed loop)
 * @param readClients       concurrent clients reading Sessions with the rate limits off (closed loop)
 * @param smsRates          inbound SMS webhooks per second, one measured step per rate (open loop)
 * @param limitedReadRate   Session reads per second with Twilio's rate limits on, spread over {@code limitedReadServices}
 * @param limitedReadServices Services the limited reads are spread over (one rate-limit bucket each)
 * @param overLimitRate     reads per second on one Service with the limits on, above Twilio's 30/s (0 = skip)
 * @param poolSize          proxy numbers in the benchmark's Service (participants choose among them)
 * @param baselineDuration  how long the PostgreSQL INSERT baseline runs
 * @param baselineConnections JDBC connections of the baseline
 * @param output            the JSON results file
 * @param workDirectory     the stack's data and logs (wiped at start)
 * @param serviceJit        {@code c1}: the services run with local-stack's flags (C1 only, for five JVMs starting on
 *                          two cores); {@code c2}: the same flags without {@code -XX:TieredStopAtLevel=1}, for
 *                          throughput figures
 */
record BenchOptions(Duration warmup, Duration duration, List<String> workloads, int sessionClients,
                    int participantClients, int readClients, List<Integer> smsRates, int limitedReadRate,
                    int limitedReadServices, int overLimitRate, int poolSize, Duration baselineDuration,
                    int baselineConnections, Path output, Path workDirectory, String serviceJit) {

    static final List<String> ALL_WORKLOADS = List.of("baseline", "sessions", "participants", "sms", "reads",
            "limited-reads");

    /** Not among {@link #ALL_WORKLOADS}: it runs only when asked for, alone, with its own options ({@link ScaleOptions}). */
    static final String SCALE = "scale";

    static final String USAGE = """
            ./bench/run [--name=value ...]     (defaults in brackets)
              --warmup=S                 seconds of warm-up per workload, not measured [5]
              --duration=S               measured seconds per workload [20]
              --workloads=a,b            subset of baseline,sessions,participants,sms,reads,limited-reads [all];
                                         or scale, alone (its options below)
              --session-clients=N        concurrent clients creating Sessions [8]
              --participant-clients=N    concurrent clients adding Participants [8]
              --read-clients=N           concurrent clients reading Sessions, rate limits off [8]
              --sms-rates=R1,R2          inbound SMS webhooks per second, one step each (open loop) [10,20,40]
              --limited-read-rate=R      reads/s with Twilio's rate limits on, spread over Services (open loop) [100]
              --limited-read-services=N  Services (rate-limit buckets) those reads are spread over [10]
              --over-limit-rate=R        reads/s on one Service with the limits on; 0 skips it [60]
              --pool-size=N              proxy numbers of the Service participants choose from [500]
              --baseline-duration=S      seconds of single-row INSERT commits on the stack's PostgreSQL [10]
              --baseline-connections=N   JDBC connections of that baseline [4]
              --output=FILE              JSON results [bench/target/bench-results.json]
              --work-dir=DIR             the stack's data and logs, wiped first [bench/target/bench-stack]
              --service-jit=c1|c2        c1: local-stack's JVM flags (C1 only); c2: the same with C2 [c1]
            """ + ScaleOptions.USAGE;

    /** {@code --name=value} arguments by name. */
    static Map<String, String> arguments(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return given;
    }

    static BenchOptions parse(String[] args, Path repositoryRoot) {
        Map<String, String> given = arguments(args);
        Set<String> known = Set.of("warmup", "duration", "workloads", "session-clients", "participant-clients",
                "read-clients", "sms-rates", "limited-read-rate", "limited-read-services", "over-limit-rate",
                "pool-size", "baseline-duration", "baseline-connections", "output", "work-dir", "service-jit");
        for (String name : given.keySet()) {
            if (!known.contains(name) && !ScaleOptions.NAMES.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name);
            }
        }
        List<String> workloads = Arrays.stream(given.getOrDefault("workloads", String.join(",", ALL_WORKLOADS))
                .split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String workload : workloads) {
            if (!ALL_WORKLOADS.contains(workload) && !workload.equals(SCALE)) {
                throw new IllegalArgumentException("Unknown workload '" + workload + "'; known: " + ALL_WORKLOADS
                        + " and " + SCALE);
            }
        }
        if (workloads.contains(SCALE) && workloads.size() > 1) {
            throw new IllegalArgumentException("The " + SCALE + " workload runs alone (--workloads=" + SCALE + ")");
        }
        BenchOptions options = new BenchOptions(
                seconds(given.getOrDefault("warmup", "5")),
                seconds(given.getOrDefault("duration", "20")),
                workloads.contains(SCALE) ? List.of(SCALE) : ALL_WORKLOADS.stream().filter(workloads::contains).toList(),
                positive(given, "session-clients", 8),
                positive(given, "participant-clients", 8),
                positive(given, "read-clients", 8),
                Arrays.stream(given.getOrDefault("sms-rates", "10,20,40").split(",")).map(String::trim)
                        .map(Integer::parseInt).toList(),
                positive(given, "limited-read-rate", 100),
                positive(given, "limited-read-services", 10),
                Integer.parseInt(given.getOrDefault("over-limit-rate", "60")),
                positive(given, "pool-size", 500),
                seconds(given.getOrDefault("baseline-duration", "10")),
                positive(given, "baseline-connections", 4),
                repositoryRoot.resolve(given.getOrDefault("output", "bench/target/bench-results.json")),
                repositoryRoot.resolve(given.getOrDefault("work-dir", "bench/target/bench-stack")),
                given.getOrDefault("service-jit", "c1"));
        if (!Set.of("c1", "c2").contains(options.serviceJit)) {
            throw new IllegalArgumentException("--service-jit is c1 or c2");
        }
        if (options.smsRates.stream().anyMatch(r -> r < 1)) {
            throw new IllegalArgumentException("--sms-rates must be positive");
        }
        if (options.poolSize > 8_000) {
            throw new IllegalArgumentException("--pool-size is at most 8000 (numbers are drawn from one area code)");
        }
        return options;
    }

    /** The same settings with another warm-up and measured window (the scale run's short routing steps). */
    BenchOptions withWindow(Duration warmup, Duration duration) {
        return new BenchOptions(warmup, duration, workloads, sessionClients, participantClients, readClients, smsRates,
                limitedReadRate, limitedReadServices, overLimitRate, poolSize, baselineDuration, baselineConnections,
                output, workDirectory, serviceJit);
    }

    boolean runs(String workload) {
        return workloads.contains(workload);
    }

    private static Duration seconds(String value) {
        Duration duration = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        if (duration.isNegative()) {
            throw new IllegalArgumentException("durations are seconds >= 0");
        }
        return duration;
    }

    static int positive(Map<String, String> given, String name, int fallback) {
        int value = given.containsKey(name) ? Integer.parseInt(given.get(name)) : fallback;
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return value;
    }
}
