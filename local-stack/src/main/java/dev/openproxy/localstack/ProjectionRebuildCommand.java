package dev.openproxy.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.openproxy.localstack.ProxyService.NUMBER_POOL;
import static dev.openproxy.localstack.ProxyService.PARTICIPANT;
import static dev.openproxy.localstack.ProxyService.ROUTING;
import static dev.openproxy.localstack.ProxyService.SESSION;

/**
 * {@code ./proxy-dev rebuild-projections}: with the platform stopped, starts PostgreSQL and Kafka on its data
 * directory, runs each service jar's one-shot projection rebuild in turn with the configuration a normal start gives
 * that service ({@link LocalStack#startProjectionRebuild}), relays the summary each one prints, prints the totals
 * and stops PostgreSQL and Kafka again (docs/operations.md, "Rebuild a projection").
 */
final class ProjectionRebuildCommand {

    /**
     * The services that have projections, in the order they are rebuilt; the gateway has none (no event store).
     * Any order works: a rebuild reads its own event store and Kafka topics that the other services filled when
     * their events happened (they are on the broker already, and no rebuild publishes), and writes only its own
     * database.
     */
    static final List<ProxyService> REBUILT = List.of(SESSION, PARTICIPANT, NUMBER_POOL, ROUTING);

    /**
     * A peer that must be running (a normal start) while a service rebuilds: routing-service decrypts the
     * identifiers in participant-service's events with participant-service's keys, which its key endpoint serves
     * (service-support's PersonalDataReader). The keys are write-side state that no rebuild touches, so this is no
     * constraint on the order: participant-service is merely started after its own rebuild and stopped after
     * routing-service's.
     */
    private static final Map<ProxyService, ProxyService> RUNNING_PEER = Map.of(ROUTING, PARTICIPANT);

    /** E.164 numbers and long runs of digits: masked in the log lines shown when something fails. */
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+\\d{6,15}|(?<!\\d)\\d{10,15}(?!\\d)");
    private static final int FAILURE_LOG_LINES = 25;

    private final LocalStack stack;
    private final List<ProxyService> services;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param stack    built with no services (PostgreSQL and Kafka only) and not started: this command starts it
     * @param selected the services to rebuild ({@code --only}, {@code --without}); those without projections are
     *                 left out
     */
    ProjectionRebuildCommand(LocalStack stack, Set<ProxyService> selected, PrintStream out, PrintStream err) {
        if (!stack.services().isEmpty()) {
            throw new IllegalArgumentException("A rebuild starts no service normally; build the stack without any");
        }
        this.stack = stack;
        this.services = REBUILT.stream().filter(selected::contains).toList();
        this.out = out;
        this.err = err;
    }

    /** Runs the rebuilds; 0 when every one succeeded, 1 otherwise (after saying which and why on {@code err}). */
    int run() {
        String refusal = refusal();
        if (refusal != null) {
            err.println("proxy-dev rebuild-projections: " + refusal);
            return 1;
        }
        long begin = System.nanoTime();
        out.println("Rebuilding the projections of " + String.join(", ", services.stream().map(ProxyService::moduleName)
                .toList()) + " (data: " + stack.dataDirectory() + ")");
        List<ServiceRebuild> done = new ArrayList<>();
        try {
            try {
                stack.start();
            } catch (LocalStackException e) {
                err.println("proxy-dev rebuild-projections: " + masked(e.getMessage()));
                return 1;
            }
            for (ProxyService service : services) {
                done.add(rebuild(service));
            }
            out.println();
            out.print(totals(done, Duration.ofNanos(System.nanoTime() - begin)));
            return 0;
        } catch (RebuildFailure failure) {
            err.println();
            err.println("proxy-dev rebuild-projections: the rebuild of " + failure.service + " failed: " + failure.getMessage());
            List<ProxyService> notRun = services.subList(services.indexOf(failure.service) + 1, services.size());
            if (!notRun.isEmpty()) {
                err.println("Not run: " + String.join(", ", notRun.stream().map(ProxyService::moduleName).toList()) + ".");
            }
            err.println("Its projection tables may be half-built: do not start the platform on them; fix the cause and "
                    + "run ./proxy-dev rebuild-projections again (it starts by emptying them).");
            return 1;
        } finally {
            out.println("Stopping PostgreSQL and Kafka...");
            stack.close();
        }
    }

    /** Why the rebuild must not run on this data directory now, or null. */
    private String refusal() {
        if (services.isEmpty()) {
            return "nothing to rebuild: the projections are in " + String.join(", ", REBUILT.stream()
                    .map(ProxyService::moduleName).toList()) + " (api-gateway has none)";
        }
        Path data = stack.dataDirectory();
        try {
            if (DataDirectory.isLocked(data)) {
                return "the platform is running on " + data + ": stop it first (Ctrl-C in its terminal); a rebuild "
                        + "needs every service stopped";
            }
        } catch (IOException e) {
            return "cannot check whether the platform runs on " + data + ": " + e.getMessage();
        }
        if (!DataDirectory.holdsPlatform(data)) {
            return data + " holds no platform yet (no databases and Kafka topics to rebuild from): start it once "
                    + "with ./proxy-dev, or name the data directory with --data-dir";
        }
        for (ProxyService service : ProxyService.values()) {
            if (!Ports.isFree("127.0.0.1", stack.port(service))) {
                return service + "'s port " + stack.port(service) + " (" + service.portVariable() + ") is in use: is "
                        + "it running, e.g. from an IDE? A rebuild needs every service stopped";
            }
        }
        for (ProxyService service : services) {
            if (!Files.isRegularFile(stack.jar(service))) {
                return "missing " + stack.jar(service) + ": build the services first (./mvnw -B -DskipTests package)";
            }
        }
        return null;
    }

    private ServiceRebuild rebuild(ProxyService service) {
        ProxyService peer = RUNNING_PEER.get(service);
        try {
            if (peer != null) {
                startPeer(peer, service);
            }
            out.println("Rebuilding " + service + "...");
            long started = System.nanoTime();
            ServiceProcess process = stack.startProjectionRebuild(service);
            int exitCode = process.awaitExit();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            String output = Files.readString(process.logFile());
            if (exitCode != 0) {
                throw new RebuildFailure(service, "it exited with code " + exitCode + ". " + logExcerpt(process));
            }
            RebuildSummary summary = RebuildSummary.find(service, output).orElseThrow(() -> new RebuildFailure(service,
                    "it exited without printing what it rebuilt. " + logExcerpt(process)));
            summary.lines().forEach(line -> out.println("  " + line));
            return new ServiceRebuild(service, summary, elapsed);
        } catch (IOException e) {
            throw new RebuildFailure(service, masked(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebuildFailure(service, "interrupted");
        } finally {
            if (peer != null && stack.isRunning(peer)) {
                stack.stopService(peer);
            }
        }
    }

    private void startPeer(ProxyService peer, ProxyService service) {
        out.println("Starting " + peer + ": " + service + "'s rebuild reads the keys of its events");
        try {
            stack.startAdditionalService(peer);
        } catch (RuntimeException e) {
            throw new RebuildFailure(service, peer + ", which its rebuild needs, did not start: " + masked(e.getMessage()));
        }
    }

    static String totals(List<ServiceRebuild> rebuilds, Duration wallTime) {
        StringBuilder text = new StringBuilder("Projections rebuilt:").append(System.lineSeparator());
        String format = "  %-22s %10s %9s %10s %14s%n";
        text.append(String.format(format, "service", "events", "seconds", "events/s", "with start-up"));
        long events = 0;
        Duration replay = Duration.ZERO;
        for (ServiceRebuild rebuild : rebuilds) {
            RebuildSummary summary = rebuild.summary();
            text.append(String.format(format, rebuild.service().moduleName(), summary.events(),
                    seconds(summary.replayTime()), RebuildSummary.eventsPerSecond(summary.events(), summary.replayTime()),
                    seconds(rebuild.processTime()) + " s"));
            events += summary.events();
            replay = replay.plus(summary.replayTime());
        }
        text.append(String.format(format, "total", events, seconds(replay), RebuildSummary.eventsPerSecond(events, replay),
                seconds(wallTime) + " s"));
        text.append("  (seconds and events/s: replay only; with start-up: each service's JVM from start to exit, and "
                + "for the total the whole command)").append(System.lineSeparator());
        return text.toString();
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
    }

    private static String logExcerpt(ServiceProcess process) {
        return "Last lines of " + process.logFile() + " (phone numbers masked):" + System.lineSeparator()
                + masked(process.tail(FAILURE_LOG_LINES));
    }

    /** Text from a service's log or a failure, without phone numbers in it. */
    static String masked(String text) {
        return text == null ? "" : PHONE_NUMBER.matcher(text).replaceAll("<number>");
    }

    /** One service's rebuild: what it printed and how long its JVM ran. */
    record ServiceRebuild(ProxyService service, RebuildSummary summary, Duration processTime) {
    }

    private static final class RebuildFailure extends RuntimeException {

        private final ProxyService service;

        RebuildFailure(ProxyService service, String message) {
            super(message);
            this.service = service;
        }
    }
}
