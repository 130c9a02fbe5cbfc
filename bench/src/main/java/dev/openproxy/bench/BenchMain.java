package dev.openproxy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.openproxy.localstack.LocalStack;
import dev.openproxy.localstack.ProxyService;
import dev.openproxy.localstack.RepositoryRoot;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark: starts the embedded stack (fresh, on free ports) with a fake carrier in this JVM, runs the workloads
 * of {@link BenchOptions} one after the other, prints a table and writes the results as JSON. See docs/performance.md.
 */
public final class BenchMain {

    static final String ACCOUNT_SID = "AC" + "be0c".repeat(8);
    static final String AUTH_TOKEN = "be0c" + "0123456789abcdef0123456789ab";
    static final String CARRIER_ACCOUNT_SID = "AC" + "ca11".repeat(8);
    static final String CARRIER_AUTH_TOKEN = "ca11be0c" + "fedcba9876543210fedcba98";
    /** Pairs (Sessions with two participants) the SMS workload cycles through, at least. */
    static final int MIN_PAIRS = 200;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        Path root = RepositoryRoot.find();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        long begin = System.nanoTime();
        Instant startedAt = Instant.now();
        double loadAtStart = loadAverage();

        if (options.runs(BenchOptions.SCALE)) {
            try {
                ScaleRun.run(options, ScaleOptions.parse(BenchOptions.arguments(args)), root);
            } catch (Exception | Error e) {
                e.printStackTrace();
                System.exit(1); // the fake carrier's and the broker's threads would keep the JVM alive
            }
            return;
        }
        FakeCarrier carrier = new FakeCarrier(CARRIER_ACCOUNT_SID, CARRIER_AUTH_TOKEN);
        LocalStack stack = startStack(root, options.workDirectory(), true, carrier, serviceJvmOptions(options),
                "--openproxy.pool.max-unreserved=" + Math.max(1_000, options.poolSize()));
        double startupSeconds = stack.startupTime().toMillis() / 1000.0;
        System.out.printf(Locale.ROOT, "[bench] stack ready in %.1f s; logs in %s%n", startupSeconds, stack.logDirectory());

        CpuSampler cpu = new CpuSampler(options.workDirectory().resolve("postgres"),
                new ServiceMetrics(stack::serviceUrl));
        Gateway gateway = new Gateway(stack.gatewayUrl(), ACCOUNT_SID, AUTH_TOKEN);
        Workloads workloads = new Workloads(options, gateway, cpu);
        // LocalStack gives routing-service the gateway's URL as openproxy.carrier.public-url: webhooks are signed for it.
        String publicUrl = stack.gatewayUrl();
        List<WorkloadResult> results = new ArrayList<>();
        WorkloadResult baseline = null;

        if (options.runs("baseline")) {
            step("PostgreSQL baseline: single-row INSERT commits, " + options.baselineConnections() + " connections");
            baseline = PostgresBaseline.run(stack.jdbcUrl("postgres"), stack.jdbcUrl(PostgresBaseline.DATABASE),
                    stack.databaseUser(), options.baselineConnections(), Duration.ofSeconds(2),
                    options.baselineDuration(), cpu);
            print(baseline);
        }
        step("Set-up: a Service with " + options.poolSize() + " proxy numbers");
        long setupStart = System.nanoTime();
        workloads.createServiceAndPool();
        System.out.printf(Locale.ROOT, "[bench] pool of %d numbers added in %.1f s%n", options.poolSize(),
                (System.nanoTime() - setupStart) / 1e9);
        if (options.runs("sessions")) {
            step("Session creation, " + options.sessionClients() + " clients");
            results.add(print(workloads.sessions()));
        }
        if (options.runs("participants")) {
            workloads.ensureSessionsWithoutParticipants(MIN_PAIRS);
            step("Participant creation with automatic proxy-number selection, " + options.participantClients() + " clients");
            results.add(print(workloads.participants()));
        }
        if (options.runs("sms")) {
            workloads.ensurePairs(MIN_PAIRS);
            for (int rate : options.smsRates()) {
                step("Inbound SMS webhooks at " + rate + "/s, relayed to the fake carrier");
                results.add(print(workloads.sms(rate, carrier, CARRIER_AUTH_TOKEN, publicUrl, CARRIER_ACCOUNT_SID)));
            }
        }
        if (options.runs("reads")) {
            workloads.ensureSessionsWithoutParticipants(MIN_PAIRS);
            step("Session reads, rate limits off, " + options.readClients() + " clients");
            results.add(print(workloads.reads()));
        }
        if (options.runs("limited-reads")) {
            List<Workloads.SessionRef> targets = workloads.createReadTargets(options.limitedReadServices());
            step("Restarting the gateway with Twilio's rate limits on");
            stack.restartGateway(true);
            workloads.gateway(new Gateway(stack.gatewayUrl(), ACCOUNT_SID, AUTH_TOKEN));
            step("Session reads with the rate limits on: " + options.limitedReadRate() + "/s over "
                    + targets.size() + " Services");
            // A gateway that has just started runs cold (C1 compiles, new connections): a longer warm-up, or the
            // backlog it builds would reach the measured window and the rate-limit buckets as one burst.
            Duration coldStart = options.warmup().compareTo(Duration.ofSeconds(15)) > 0 ? options.warmup()
                    : Duration.ofSeconds(15);
            results.add(print(workloads.limitedReads("limited-reads", options.limitedReadRate(), targets, coldStart)));
            if (options.overLimitRate() > 0) {
                step("Session reads with the rate limits on: " + options.overLimitRate() + "/s on one Service (over the limit)");
                results.add(print(workloads.limitedReads("over-limit-reads", options.overLimitRate(), targets.subList(0, 1),
                        options.warmup())));
            }
        }
        if (carrier.rejected() > 0) {
            System.out.println("[bench] WARNING: the fake carrier refused " + carrier.rejected() + " requests");
        }

        Double baselineRate = baseline == null ? null : baseline.rate();
        List<WorkloadResult> withRatios = results.stream().map(r -> r.withRatio(baselineRate)).toList();
        List<WorkloadResult> all = new ArrayList<>();
        if (baseline != null) {
            all.add(baseline.withRatio(baselineRate));
        }
        all.addAll(withRatios);
        double runSeconds = (System.nanoTime() - begin) / 1e9;
        double loadAtEnd = loadAverage();

        System.out.println();
        System.out.println("Results (latency in ms; x baseline = rate / PostgreSQL single-row INSERT commits per second)");
        System.out.print(Report.table(all));
        System.out.println();
        System.out.print(Report.cpuTable(all));
        System.out.println();
        System.out.print(Report.serviceTable(all));
        for (WorkloadResult r : all) {
            if (r.extra().get("webhookAnswerLatency") instanceof Latency.Percentiles answer) {
                System.out.printf(Locale.ROOT, "%s: webhook answered p50 %s ms, p99 %s ms, p99.9 %s ms; offered %.1f/s%n",
                        r.name(), Report.number(answer.p50Ms()), Report.number(answer.p99Ms()),
                        Report.number(answer.p999Ms()), ((Number) r.extra().get("webhooksOfferedPerSecond")).doubleValue());
            }
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", startedAt.toString());
        json.put("runSeconds", runSeconds);
        json.put("stackStartupSeconds", startupSeconds);
        json.put("machine", machine(loadAtStart, loadAtEnd));
        json.put("options", optionsJson(options));
        json.put("baseline", baseline == null ? null : baseline.withRatio(baselineRate));
        json.put("workloads", withRatios);
        Files.createDirectories(options.output().toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.output().toFile(), json);
        System.out.printf(Locale.ROOT, "%n[bench] results in %s; run took %.0f s%n", options.output(), runSeconds);
        stack.close();
        carrier.close();
    }

    /**
     * A stack on free ports with the benchmark's account, the rate limits off and routing-service sending to the fake
     * carrier; closed (with the carrier) when this JVM exits.
     *
     * @param fresh          wipe {@code workDirectory} first
     * @param poolArguments  number-pool-service's extra arguments (its limits)
     */
    static LocalStack startStack(Path root, Path workDirectory, boolean fresh, FakeCarrier carrier,
                                 List<String> jvmOptions, String... poolArguments) {
        LocalStack stack = LocalStack.builder()
                .repositoryRoot(root)
                .dataDirectory(workDirectory)
                .fresh(fresh)
                .randomPorts()
                .account(ACCOUNT_SID, AUTH_TOKEN)
                .rateLimits(false)
                .jvmOptions(jvmOptions)
                .serviceArguments(ProxyService.NUMBER_POOL, poolArguments)
                .serviceArguments(ProxyService.ROUTING, "--openproxy.carrier.base-url=" + carrier.baseUrl(),
                        "--openproxy.carrier.account-sid=" + CARRIER_ACCOUNT_SID,
                        "--openproxy.carrier.auth-token=" + CARRIER_AUTH_TOKEN)
                .startTimeout(Duration.ofSeconds(300))
                .progress(line -> System.out.println("[stack] " + line))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            carrier.close();
        }, "bench-stop"));
        stack.start();
        return stack;
    }

    /** The machine, for the results file. */
    static Map<String, Object> machine(double loadAtStart, double loadAtEnd) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("loadAverageAtStart", loadAtStart);
        machine.put("loadAverageAtEnd", loadAtEnd);
        return machine;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static Map<String, Object> optionsJson(BenchOptions options) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        map.put("durationSeconds", options.duration().toMillis() / 1000.0);
        map.put("workloads", options.workloads());
        map.put("sessionClients", options.sessionClients());
        map.put("participantClients", options.participantClients());
        map.put("readClients", options.readClients());
        map.put("smsRates", options.smsRates());
        map.put("limitedReadRate", options.limitedReadRate());
        map.put("limitedReadServices", options.limitedReadServices());
        map.put("overLimitRate", options.overLimitRate());
        map.put("poolSize", options.poolSize());
        map.put("baselineSeconds", options.baselineDuration().toMillis() / 1000.0);
        map.put("baselineConnections", options.baselineConnections());
        map.put("serviceJit", options.serviceJit());
        return map;
    }

    /** local-stack's flags, or the same without the C1-only limit (C2 compiles the hot paths, after a longer warm-up). */
    static List<String> serviceJvmOptions(BenchOptions options) {
        return "c2".equals(options.serviceJit())
                ? LocalStack.DEFAULT_JVM_OPTIONS.stream().filter(flag -> !flag.startsWith("-XX:TieredStopAtLevel")).toList()
                : LocalStack.DEFAULT_JVM_OPTIONS;
    }

    private static void step(String what) {
        System.out.println("[bench] " + what);
    }

    private static WorkloadResult print(WorkloadResult result) {
        System.out.printf(Locale.ROOT, "[bench]   %s: %.1f/s held, p50 %s ms, p99 %s ms, p99.9 %s ms, failures %s%n",
                result.name(), result.rate(), Report.number(result.latency().p50Ms()),
                Report.number(result.latency().p99Ms()), Report.number(result.latency().p999Ms()),
                Report.failures(result.failures()));
        return result;
    }
}
