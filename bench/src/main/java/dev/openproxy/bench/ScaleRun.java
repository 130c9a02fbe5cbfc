package dev.openproxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.openproxy.localstack.LocalStack;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scale workload (issue 8, "Scale"): one Service with a large pool grows to many Sessions of two participants
 * each, and at every checkpoint on the way the run times participant assignment and routing, measures each
 * service's memory and the tables, and reads the plans of the request paths' queries. At the end it prints a table
 * and a verdict read from the figures, and writes both to the results file. See docs/performance.md, "Scale".
 */
final class ScaleRun {

    private static final Duration SMS_WARMUP = Duration.ofSeconds(2);
    /** Sessions whose participants the routing step sends from, drawn at random from all Sessions so far. */
    private static final int ROUTING_SAMPLE = 100;
    /** The figure, for the projection of how long a full run takes. */
    private static final int FULL_RUN_SESSIONS = 100_000;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private final ScaleOptions options;
    private final Gateway gateway;
    private final Workloads workloads;
    private final FakeCarrier carrier;
    private final LocalStack stack;
    private final ScaleState state;
    private final ProcessMemory memory;
    private final ScaleDatabase database;

    private ScaleRun(ScaleOptions options, Gateway gateway, Workloads workloads, FakeCarrier carrier, LocalStack stack,
                     ScaleState state) {
        this.options = options;
        this.gateway = gateway;
        this.workloads = workloads;
        this.carrier = carrier;
        this.stack = stack;
        this.state = state;
        this.memory = new ProcessMemory(stack::serviceUrl);
        this.database = new ScaleDatabase(stack::jdbcUrl, stack.databaseUser());
    }

    static void run(BenchOptions bench, ScaleOptions options, Path root) throws Exception {
        long begin = System.nanoTime();
        Instant startedAt = Instant.now();
        double loadAtStart = BenchMain.loadAverage();
        if (options.beyondTwilioLimits()) {
            System.out.printf(Locale.ROOT, "[scale] NOTE: %d unreserved and %d reserved numbers exceed Twilio's limits "
                    + "per Service (500 and 5,000); number-pool-service's limits are raised for this run%n",
                    options.unreserved(), options.reserved());
        }
        FakeCarrier carrier = new FakeCarrier(BenchMain.CARRIER_ACCOUNT_SID, BenchMain.CARRIER_AUTH_TOKEN);
        LocalStack stack = BenchMain.startStack(root, bench.workDirectory(), !options.reuse(), carrier, BenchMain.serviceJvmOptions(bench),
                "--openproxy.pool.max-unreserved=" + Math.max(ScaleOptions.TWILIO_MAX_UNRESERVED, options.unreserved()),
                "--openproxy.pool.max-reserved=" + Math.max(ScaleOptions.TWILIO_MAX_RESERVED, options.reserved()));
        // Closed on every way out: the in-process Kafka broker's threads would keep this JVM, and the stack, alive.
        try {
            System.out.printf(Locale.ROOT, "[scale] stack ready in %.1f s; logs in %s%n",
                    stack.startupTime().toMillis() / 1000.0, stack.logDirectory());
            Gateway gateway = new Gateway(stack.gatewayUrl(), BenchMain.ACCOUNT_SID, BenchMain.AUTH_TOKEN);
            CpuSampler cpu = new CpuSampler(bench.workDirectory().resolve("postgres"), new ServiceMetrics(stack::serviceUrl));
            Workloads workloads = new Workloads(bench.withWindow(SMS_WARMUP, options.smsDuration()), gateway, cpu);

            ScaleState state = options.reuse() ? ScaleState.load(bench.workDirectory())
                    : provision(options, gateway, workloads, bench.workDirectory());
            if (state.numbers != options.numbers() || state.reserved != options.reserved()) {
                throw new IllegalArgumentException("The earlier run's Service has " + state.numbers + " numbers ("
                        + state.reserved + " reserved); run with the same --scale-numbers and --scale-reserved");
            }
            ScaleRun run = new ScaleRun(options, gateway, workloads, carrier, stack, state);
            try {
                run.checkpoints();
            } finally {
                state.save();
                state.close();
            }
            run.report(bench.output(), startedAt, (System.nanoTime() - begin) / 1e9, loadAtStart);
        } finally {
            stack.close();
            carrier.close();
        }
    }

    /** The Service and its pool: the first {@code unreserved} numbers chosen automatically, the rest reserved. */
    private static ScaleState provision(ScaleOptions options, Gateway gateway, Workloads workloads, Path directory)
            throws Exception {
        long start = System.nanoTime();
        String serviceSid = gateway.call(gateway.post("/v1/Services",
                Map.of("UniqueName", "bench-scale-" + System.currentTimeMillis()))).path("sid").asText();
        workloads.parallel(options.numbers(), i -> gateway.post("/v1/Services/" + serviceSid + "/PhoneNumbers",
                Map.of("PhoneNumber", ScaleSchedule.poolNumber(i),
                        "IsReserved", Boolean.toString(i >= options.unreserved()))));
        System.out.printf(Locale.ROOT, "[scale] Service with %,d numbers (%,d reserved) in %.1f s%n", options.numbers(),
                options.reserved(), (System.nanoTime() - start) / 1e9);
        return ScaleState.create(directory, serviceSid, options.numbers(), options.reserved());
    }

    private void checkpoints() throws Exception {
        List<Integer> remaining = ScaleSchedule.remaining(
                ScaleSchedule.checkpoints(options.sessions(), options.checkpoints()), state.lastMeasured());
        if (state.lastMeasured() >= 0) {
            System.out.printf(Locale.ROOT, "[scale] going on from %,d Sessions and %d checkpoint(s); left: %s%n",
                    state.sessionCount(), state.checkpoints.size(), remaining);
        }
        for (int target : remaining) {
            double seedingRate = seedTo(target);
            System.out.printf(Locale.ROOT, "[scale] checkpoint at %,d Sessions%n", state.sessionCount());
            ScaleCheckpoint checkpoint = measure(target, seedingRate);
            state.checkpoints.add(checkpoint);
            state.save();
            System.out.print(ScaleReport.table(List.of(checkpoint)));
        }
    }

    // --- seeding -------------------------------------------------------------------------------------------------

    /** Creates Sessions, each with its two participants inline, until there are {@code target}; returns the rate. */
    private double seedTo(int target) throws Exception {
        int missing = target - state.sessionCount();
        if (missing <= 0) {
            return Double.NaN;
        }
        long start = System.nanoTime();
        AtomicInteger claimed = new AtomicInteger(state.sessionCount());
        LongAdder attempts = new LongAdder();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            Thread client = new Thread(() -> {
                while (claimed.incrementAndGet() <= target && !tooManyFailures(attempts, failures)) {
                    attempts.increment();
                    if (!createSeededSession(failures)) {
                        claimed.decrementAndGet(); // the next index takes its place
                    }
                }
            }, "scale-seed-" + c);
            client.start();
            clients.add(client);
        }
        long lastProgress = System.nanoTime();
        for (Thread client : clients) {
            while (client.isAlive()) {
                client.join(1_000);
                if (System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
                    lastProgress = System.nanoTime();
                    System.out.printf(Locale.ROOT, "[scale]   %,d / %,d Sessions, %.1f/s, failures %s%n",
                            state.sessionCount(), target, (state.sessionCount() - (target - missing))
                                    / ((lastProgress - start) / 1e9), counts(failures));
                    state.save();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int created = state.sessionCount() - (target - missing);
        state.seedingSeconds += seconds;
        state.save();
        if (tooManyFailures(attempts, failures)) {
            throw new IllegalStateException("Seeding stopped: " + counts(failures) + " of " + attempts.sum() + " failed");
        }
        System.out.printf(Locale.ROOT, "[scale] %,d Sessions created in %.0f s (%.1f/s); failures %s%n", created,
                seconds, created / seconds, counts(failures));
        return created / seconds;
    }

    private boolean createSeededSession(Map<String, LongAdder> failures) {
        long index = state.takeIndex();
        String form = "Participants=" + inline(ScaleSchedule.driver(index, options.sessionsPerIdentifier()))
                + "&Participants=" + inline(ScaleSchedule.rider(index));
        try {
            HttpResponse<String> response = gateway.send(gateway.post(sessionsPath(), form));
            if (response.statusCode() == 201) {
                state.addSession(Gateway.field(response.body(), "sid"));
                return true;
            }
            failures.computeIfAbsent(failure(response), k -> new LongAdder()).increment();
        } catch (IOException e) {
            failures.computeIfAbsent("io", k -> new LongAdder()).increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return false;
    }

    /**
     * More than a quarter of at least 200 attempts failed: something is wrong, not just slow (an overloaded machine
     * gives a few 503s, 20503, when a service's call to another times out; the Session is then deleted again).
     */
    private static boolean tooManyFailures(LongAdder attempts, Map<String, LongAdder> failures) {
        long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
        return attempts.sum() >= 200 && failed * 4 > attempts.sum();
    }

    private static String inline(String identifier) {
        return URLEncoder.encode("{\"Identifier\":\"" + identifier + "\"}", StandardCharsets.UTF_8);
    }

    // --- one checkpoint -------------------------------------------------------------------------------------------

    private ScaleCheckpoint measure(int target, double seedingRate) throws Exception {
        Latency assignment = new Latency();
        Map<String, Long> assignmentFailures = timeAssignments(assignment);
        workloads.usePairs(routingSample());
        WorkloadResult routing = workloads.sms(options.smsRate(), carrier, BenchMain.CARRIER_AUTH_TOKEN,
                stack.gatewayUrl(), BenchMain.CARRIER_ACCOUNT_SID);
        Map<String, ProcessMemory.Figures> memoryFigures = memory.measure();
        Map<String, Map<String, long[]>> tables = database.tables();
        List<ScaleDatabase.PlanSummary> plans = database.plans();
        return new ScaleCheckpoint(target, state.sessionCount(), seedingRate, assignment.percentiles(),
                assignmentFailures, routing.latency(), routing.rate(), routing.failures(), memoryFigures, tables, plans,
                BenchMain.loadAverage());
    }

    /**
     * The fixed sample: {@code sample / 2} new Sessions, created empty, then their two participants added one request
     * at a time (a shared identifier, then one of its own), each timed: assignment on a quiet system.
     */
    private Map<String, Long> timeAssignments(Latency latency) throws Exception {
        Map<String, Long> failures = new TreeMap<>();
        for (int s = 0; s < options.sample() / 2; s++) {
            long index = state.takeIndex();
            String session = gateway.call(gateway.post(sessionsPath(), Map.of())).path("sid").asText();
            boolean complete = true;
            for (String identifier : List.of(ScaleSchedule.driver(index, options.sessionsPerIdentifier()),
                    ScaleSchedule.rider(index))) {
                long sent = System.nanoTime();
                HttpResponse<String> response = gateway.send(gateway.post(sessionsPath() + "/" + session
                        + "/Participants", Map.of("Identifier", identifier)));
                if (response.statusCode() == 201) {
                    latency.recordNanos(System.nanoTime() - sent);
                } else {
                    failures.merge(failure(response), 1L, Long::sum);
                    complete = false;
                }
            }
            if (complete) {
                state.addSession(session);
            }
        }
        return failures;
    }

    /** Participants of Sessions drawn at random (the same draw for the same count): one sender per Session. */
    private List<Workloads.Pair> routingSample() {
        int count = state.sessionCount();
        Random random = new Random(count);
        List<Workloads.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < Math.min(ROUTING_SAMPLE, count); i++) {
            String session = state.session(random.nextInt(count));
            JsonNode participants = gateway.call(gateway.get(sessionsPath() + "/" + session + "/Participants"))
                    .path("participants");
            if (participants.size() == 2) {
                JsonNode sender = participants.get(random.nextInt(2));
                pairs.add(new Workloads.Pair(session, sender.path("identifier").asText(),
                        sender.path("proxy_identifier").asText()));
            }
        }
        return pairs;
    }

    // --- the end ----------------------------------------------------------------------------------------------------

    private void report(Path output, Instant startedAt, double runSeconds, double loadAtStart) throws IOException {
        List<ScaleCheckpoint> checkpoints = state.checkpoints;
        System.out.println();
        System.out.printf(Locale.ROOT, "Scale: one Service, %,d numbers (%,d chosen automatically), up to %,d Sessions "
                        + "of two participants (latency in ms, memory in MB after a full GC)%n", options.numbers(),
                options.unreserved(), state.sessionCount());
        System.out.print(ScaleReport.table(checkpoints));
        if (!checkpoints.isEmpty()) {
            System.out.println();
            System.out.println("Query plans at the last checkpoint (rows read over all loops, EXPLAIN ANALYZE time):");
            System.out.print(ScaleReport.plans(checkpoints.get(checkpoints.size() - 1)));
        }
        List<ScaleVerdict.Trend> trends = ScaleReport.trends(checkpoints, FULL_RUN_SESSIONS);
        System.out.println();
        trends.forEach(t -> System.out.println("  " + t.describe()));
        String verdict = ScaleVerdict.verdict(trends);
        int seeded = state.sessionCount() - checkpoints.size() * options.sample() / 2;
        double seedingRate = state.seedingSeconds > 0 ? seeded / state.seedingSeconds : Double.NaN;
        double fullRunHours = (FULL_RUN_SESSIONS - state.sessionCount()) / seedingRate / 3600;
        System.out.println(verdict);
        System.out.printf(Locale.ROOT, "[scale] seeding: %,d Sessions in %.0f s (%.1f/s); at that rate %,d Sessions "
                + "need %.1f more hours of seeding; results in %s; this run took %.0f s%n", seeded,
                state.seedingSeconds, seedingRate, FULL_RUN_SESSIONS, Math.max(0, fullRunHours), output, runSeconds);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workload", "scale");
        json.put("startedAt", startedAt.toString());
        json.put("runSeconds", runSeconds);
        json.put("machine", BenchMain.machine(loadAtStart, BenchMain.loadAverage()));
        json.put("options", options);
        json.put("sessions", state.sessionCount());
        json.put("seeding", Map.of("sessions", seeded, "seconds", state.seedingSeconds, "perSecond", seedingRate,
                "hoursLeftTo" + FULL_RUN_SESSIONS, Math.max(0, fullRunHours)));
        json.put("checkpoints", checkpoints);
        json.put("trends", trends);
        json.put("verdict", verdict);
        Files.createDirectories(output.toAbsolutePath().getParent());
        RESULTS_JSON.writeValue(output.toFile(), json);
    }

    /**
     * Writes the results file. Durations (in the options) as ISO-8601 text, e.g. "PT10S": without it Jackson refuses
     * them, and the first 100,000-Session run lost its JSON file at the very end (its state file kept the figures).
     */
    static final ObjectMapper RESULTS_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(java.time.Duration.class,
                            com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));

    private String sessionsPath() {
        return "/v1/Services/" + state.serviceSid + "/Sessions";
    }

    /** Status and Twilio code only: the body may hold a phone number. */
    private static String failure(HttpResponse<String> response) {
        return response.statusCode() + " " + Gateway.errorCode(response.body());
    }

    private static String counts(Map<String, LongAdder> failures) {
        Map<String, Long> counts = new TreeMap<>();
        failures.forEach((kind, count) -> counts.put(kind, count.sum()));
        return Report.failures(counts);
    }
}
