package dev.openproxy.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole OpenProxy stack on one machine: a real PostgreSQL server (one database per service), a real Kafka broker
 * and every service as a child JVM, started in parallel and awaited on their readiness endpoints.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder()
 *         .repositoryRoot(root).dataDirectory(tmp).randomPorts()
 *         .publicBaseUrl("https://proxy.twilio.com").account(sid, token)
 *         .start()) {
 *     stack.gatewayUrl(); stack.kafkaBootstrapServers(); stack.jdbcUrl("session_service");
 *     stack.stopService(ProxyService.ROUTING); stack.startService(ProxyService.ROUTING);
 * }
 * }</pre>
 *
 * {@link #close()} stops the services (SIGTERM, then SIGKILL after a grace period), then Kafka, then PostgreSQL.
 * It may be called from a shutdown hook while {@link #start()} is still running.
 */
public final class LocalStack implements AutoCloseable {

    /** Flags that let five Spring Boot services start side by side on two cores: C1 only, serial GC, small heaps. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms64m", "-Xmx384m", "-Xss512k",
            "-XX:ReservedCodeCacheSize=64m", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8");

    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final String ADMIN_TOKEN_VARIABLE = "PROXY_ADMIN_TOKEN";
    public static final String RATE_LIMITS_VARIABLE = "PROXY_RATE_LIMITS";
    /** Switches a service jar into its one-shot projection rebuild (service-support's {@code RebuildMode.PROPERTY}). */
    static final String PROJECTION_REBUILD_ARGUMENT = "--openproxy.projections.rebuild=true";

    private final Settings settings;
    private final Object lifecycle = new Object();
    private final Map<ProxyService, ServiceProcess> processes = new EnumMap<>(ProxyService.class);
    private final Set<ProxyService> stoppedOnPurpose = java.util.Collections.synchronizedSet(EnumSet.noneOf(ProxyService.class));
    private volatile boolean started;
    private volatile boolean closed;
    private DataDirectory dataDirectory;
    private Credentials account;
    private String adminToken;
    private String webhookSigningKey;
    /** The gateway's internal port (webhook signing for routing-service): any free one, nobody else needs it. */
    private int gatewayInternalPort;
    private volatile boolean rateLimits;
    private CompletableFuture<EmbeddedPostgresServer> postgresStart;
    private CompletableFuture<KafkaBroker> kafkaStart;
    private volatile EmbeddedPostgresServer postgres;
    private volatile KafkaBroker kafka;
    private Duration startupTime;

    private LocalStack(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts everything and returns when every service is ready. On failure everything started so far is stopped
     * and a {@link LocalStackException} says what went wrong (for a service that died: the end of its log).
     */
    public LocalStack start() {
        long begin = System.nanoTime();
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException("A LocalStack starts once");
            }
            started = true;
        }
        try {
            prepare();
            startInfrastructure(begin);
            // The services start as soon as their databases exist: a JVM needs far longer to reach its first Kafka
            // call than the broker needs to start, and Kafka clients retry until the broker answers anyway.
            startServices();
            awaitKafka(begin);
            awaitServices(begin);
            startupTime = Duration.ofNanos(System.nanoTime() - begin);
            return this;
        } catch (RuntimeException | IOException | java.sql.SQLException e) {
            close();
            if (e instanceof LocalStackException stackException) {
                throw stackException;
            }
            throw new LocalStackException("The local stack could not start: " + e.getMessage(), e);
        }
    }

    private void prepare() throws IOException {
        for (ProxyService service : settings.services) {
            Path jar = jar(service);
            if (!Files.isRegularFile(jar)) {
                throw new LocalStackException("Missing " + jar + ": build the services first ("
                        + "./mvnw -B -DskipTests package in " + settings.repositoryRoot + ")");
            }
        }
        synchronized (lifecycle) {
            checkNotClosed();
            dataDirectory = DataDirectory.open(settings.dataDirectory);
        }
        if (settings.fresh) {
            progress("Wiping " + dataDirectory.root() + " (--fresh)");
            dataDirectory.wipe();
        }
        Files.createDirectories(settings.logDirectory);
        // A launcher killed with SIGKILL leaves its children and PostgreSQL running; they hold our ports and files.
        for (ProxyService service : ProxyService.values()) {
            ServiceProcess.stopLeftover(dataDirectory.pidFile(service), jar(service).getFileName().toString(),
                    settings.stopGrace).ifPresent(pid -> progress("Stopped " + service.moduleName() + " (pid " + pid
                    + ") left running by an earlier run"));
        }
        EmbeddedPostgresServer.stopLeftoverServer(dataDirectory.postgres()).ifPresent(pid ->
                progress("Stopped PostgreSQL (pid " + pid + ") left running by an earlier run"));
        account = settings.account != null ? settings.account
                : Credentials.resolve(settings.environment, dataDirectory.credentials());
        adminToken = settings.adminToken != null ? settings.adminToken
                : blankToNull(settings.environment.get(ADMIN_TOKEN_VARIABLE)) != null
                ? settings.environment.get(ADMIN_TOKEN_VARIABLE).trim() : Credentials.generate().authToken();
        webhookSigningKey = WebhookSigningKey.resolve(settings.environment, dataDirectory.webhookSigningKey());
        gatewayInternalPort = Ports.free();
        rateLimits = settings.rateLimits != null ? settings.rateLimits
                : isOn(settings.environment.get(RATE_LIMITS_VARIABLE));
        List<String> busy = new ArrayList<>();
        for (ProxyService service : settings.services) {
            int port = settings.ports.get(service);
            if (!Ports.isFree(settings.bindAddress, port)) {
                busy.add(service + " port " + port + " (" + service.portVariable() + ")");
            }
        }
        if (!Ports.isFree("127.0.0.1", settings.postgresPort)) {
            busy.add("PostgreSQL port " + settings.postgresPort + " (PROXY_POSTGRES_PORT)");
        }
        if (!Ports.isFree("127.0.0.1", settings.kafkaPort)) {
            busy.add("Kafka port " + settings.kafkaPort + " (PROXY_KAFKA_PORT)");
        }
        if (!busy.isEmpty()) {
            throw new LocalStackException("Ports in use by another program: " + String.join(", ", busy)
                    + ". Stop that program or choose other ports with the variables in brackets.");
        }
    }

    private void startInfrastructure(long begin) throws IOException, java.sql.SQLException {
        Path postgresLog = settings.logDirectory.resolve("postgres.log");
        synchronized (lifecycle) {
            checkNotClosed();
            postgresStart = CompletableFuture.supplyAsync(() -> {
                try {
                    return EmbeddedPostgresServer.start(dataDirectory.postgres(), settings.postgresPort, postgresLog);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runner("postgres-start"));
            kafkaStart = CompletableFuture.supplyAsync(() -> {
                try {
                    return KafkaBroker.start(dataDirectory.kafka(), settings.kafkaPort);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runner("kafka-start"));
        }
        postgres = join(postgresStart, "PostgreSQL", postgresLog);
        postgres.createDatabases(java.util.Arrays.stream(ProxyService.values()).map(ProxyService::database).toList());
        progress(String.format("PostgreSQL ready on 127.0.0.1:%d (%.1f s)", settings.postgresPort, seconds(begin)));
    }

    private void awaitKafka(long begin) throws IOException {
        kafka = join(kafkaStart, "Kafka", settings.logDirectory.resolve("kafka.log"));
        progress(String.format("Kafka ready on %s (%.1f s)", kafka.bootstrapServers(), seconds(begin)));
    }

    private static <T> T join(CompletableFuture<T> future, String what, Path log) throws IOException {
        try {
            return future.get(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while starting " + what);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new LocalStackException(what + " did not start within 3 minutes; see " + log);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause() : e.getCause();
            throw new LocalStackException(what + " could not start: " + cause.getMessage() + " (see " + log + ")", cause);
        }
    }

    private void startServices() throws IOException {
        if (settings.services.isEmpty()) {
            return;
        }
        progress("Starting " + settings.services.size() + " services: "
                + String.join(", ", settings.services.stream().map(ProxyService::moduleName).toList()));
        synchronized (lifecycle) {
            checkNotClosed();
            for (ProxyService service : settings.services) {
                ServiceProcess process = newProcess(service);
                processes.put(service, process);
                process.start(false);
            }
        }
    }

    private void awaitServices(long begin) {
        long deadline = System.nanoTime() + settings.startTimeout.toNanos();
        Set<ProxyService> waiting = EnumSet.noneOf(ProxyService.class);
        waiting.addAll(settings.services);
        while (!waiting.isEmpty()) {
            checkNotClosed();
            for (ProxyService service : List.copyOf(waiting)) {
                ServiceProcess process = processes.get(service);
                switch (process.probe()) {
                    case READY -> {
                        waiting.remove(service);
                        progress(String.format("%-20s ready (%.1f s)", service.moduleName(), seconds(begin)));
                    }
                    case EXITED -> throw new LocalStackException(process.exitMessage());
                    case STARTING -> {
                    }
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder("Not ready within " + settings.startTimeout.toSeconds()
                        + " s: " + String.join(", ", waiting.stream().map(ProxyService::moduleName).toList()));
                for (ProxyService service : waiting) {
                    message.append(System.lineSeparator()).append(System.lineSeparator())
                            .append(processes.get(service).logExcerpt());
                }
                throw new LocalStackException(message.toString());
            }
            if (!waiting.isEmpty()) {
                sleep(250);
            }
        }
    }

    private ServiceProcess newProcess(ProxyService service) {
        return new ServiceProcess(service.moduleName(), serviceCommand(service), logFile(service),
                dataDirectory.pidFile(service), readinessUri(service));
    }

    private URI readinessUri(ProxyService service) {
        return URI.create(localUrl(service) + "/actuator/health/readiness");
    }

    /**
     * The command line of a service's normal start: its port, database, Kafka, peers and, for the gateway, the
     * account. Known once {@link #start()} has prepared the data directory (account, keys).
     */
    List<String> serviceCommand(ProxyService service) {
        int port = settings.ports.get(service);
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable);
        command.addAll(settings.jvmOptions);
        command.add("-jar");
        command.add(jar(service).toString());
        command.add("--server.port=" + port);
        command.add("--server.address=" + settings.bindAddress);
        command.add("--spring.datasource.url=" + EmbeddedPostgresServer.jdbcUrl(settings.postgresPort, service.database()));
        command.add("--spring.datasource.username=" + EmbeddedPostgresServer.USER);
        command.add("--spring.datasource.password=");
        command.add("--spring.kafka.bootstrap-servers=127.0.0.1:" + settings.kafkaPort);
        command.add("--openproxy.api.public-base-url=" + settings.publicBaseUrl);
        if (service == ProxyService.ROUTING) {
            // Carriers reach the platform through the gateway: webhook signatures are checked against this URL.
            command.add("--openproxy.carrier.public-url=" + localUrl(ProxyService.GATEWAY));
            // Service webhooks are signed by the gateway's internal port (ADR 0011).
            command.add("--openproxy.webhooks.signer-url=http://"
                    + (settings.bindAddress.equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress) + ":" + gatewayInternalPort);
        }
        if (service != ProxyService.GATEWAY) {
            // Where a service finds the others it calls directly (e.g. session-service -> participant-service).
            for (ProxyService peer : ProxyService.values()) {
                if (peer != ProxyService.GATEWAY && peer != service) {
                    command.add("--openproxy.peers." + peer.shortName() + "=" + localUrl(peer));
                }
            }
        }
        if (service == ProxyService.GATEWAY) {
            for (ProxyService upstream : ProxyService.values()) {
                if (upstream != ProxyService.GATEWAY) {
                    command.add("--openproxy.gateway.services." + upstream.shortName() + "=" + localUrl(upstream));
                }
            }
            command.add("--openproxy.gateway.bootstrap-account.sid=" + account.accountSid());
            command.add("--openproxy.gateway.bootstrap-account.auth-token=" + account.authToken());
            command.add("--openproxy.gateway.admin.token=" + adminToken);
            command.add("--openproxy.gateway.webhook-signing.key=" + webhookSigningKey);
            command.add("--openproxy.gateway.webhook-signing.port=" + gatewayInternalPort);
            // Off unless asked for: the end-to-end suite drives a thousand Sessions into one Service at once.
            command.add("--openproxy.gateway.rate-limit.enabled=" + rateLimits);
        }
        command.addAll(settings.extraArguments.getOrDefault(service, List.of()));
        return command;
    }

    /**
     * Starts a service's one-shot projection rebuild (service-support's {@code RebuildMode}; docs/operations.md,
     * "Rebuild a projection"): the command of its normal start plus {@link #PROJECTION_REBUILD_ARGUMENT}, so it
     * rebuilds against the very database, Kafka and peers it runs with. Its output goes to
     * {@code <module>-rebuild.log}; {@link #close()} stops it. The service must not be running.
     */
    ServiceProcess startProjectionRebuild(ProxyService service) throws IOException {
        synchronized (lifecycle) {
            checkNotClosed();
            if (dataDirectory == null) {
                throw new IllegalStateException("Start the stack (PostgreSQL and Kafka) before a rebuild");
            }
            if (isRunning(service)) {
                throw new IllegalStateException(service + " is running; a rebuild needs it stopped");
            }
            List<String> command = new ArrayList<>(serviceCommand(service));
            command.add(PROJECTION_REBUILD_ARGUMENT);
            ServiceProcess rebuild = new ServiceProcess(service.moduleName(), command, rebuildLogFile(service),
                    dataDirectory.pidFile(service), readinessUri(service));
            // Registered as the service's process: close() (Ctrl-C) stops a rebuild that is still running.
            processes.put(service, rebuild);
            stoppedOnPurpose.add(service);
            rebuild.start(false);
            return rebuild;
        }
    }

    /**
     * Starts a service this stack was built without, exactly as if it had been part of it, and waits until it is
     * ready; {@link #stopService} and {@link #close()} stop it. For a peer that another service's rebuild calls.
     */
    void startAdditionalService(ProxyService service) {
        synchronized (lifecycle) {
            checkNotClosed();
            if (isRunning(service)) {
                throw new IllegalStateException(service + " is running already");
            }
            processes.put(service, newProcess(service));
        }
        startAndAwait(service, "ready");
    }

    /** Stops one service (SIGTERM, SIGKILL after the grace period); the rest of the stack keeps running. */
    public void stopService(ProxyService service) {
        ServiceProcess process = runningProcess(service);
        stoppedOnPurpose.add(service);
        process.stop(settings.stopGrace);
        progress(service.moduleName() + " stopped");
    }

    public void stopService(String name) {
        stopService(ProxyService.byName(name));
    }

    /** Kills one service with SIGKILL (a crash: no graceful shutdown); {@link #startService} brings it back. */
    public void killService(ProxyService service) {
        ServiceProcess process = runningProcess(service);
        stoppedOnPurpose.add(service);
        process.kill();
        progress(service.moduleName() + " killed");
    }

    /** Starts a stopped service again (same port, database and arguments) and waits until it is ready. */
    public void startService(ProxyService service) {
        startAndAwait(service, "ready again");
    }

    private void startAndAwait(ProxyService service, String readyMessage) {
        ServiceProcess process = runningProcess(service);
        synchronized (lifecycle) {
            checkNotClosed();
            if (process.isAlive()) {
                throw new IllegalStateException(service + " is running; stop it first");
            }
            try {
                stoppedOnPurpose.remove(service);
                process.start(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        process.awaitReady(settings.startTimeout);
        progress(String.format("%s %s (%.1f s)", service.moduleName(), readyMessage, process.secondsSinceStart()));
    }

    public void startService(String name) {
        startService(ProxyService.byName(name));
    }

    /**
     * Restarts the gateway with Twilio's rate limits switched on or off (same port, database and other arguments), e.g.
     * for a benchmark that measures writes without the limits and reads with them in one run.
     */
    public void restartGateway(boolean rateLimits) {
        stopService(ProxyService.GATEWAY);
        synchronized (lifecycle) {
            checkNotClosed();
            this.rateLimits = rateLimits;
            processes.put(ProxyService.GATEWAY, newProcess(ProxyService.GATEWAY));
        }
        startService(ProxyService.GATEWAY);
    }

    /**
     * Stops the Kafka broker (controlled shutdown) and starts it again on the same port and log directories, as an
     * operator's rolling restart would: the services' clients reconnect by themselves, nothing is restarted with it.
     */
    public void restartKafka() {
        synchronized (lifecycle) {
            checkNotClosed();
            long begin = System.nanoTime();
            kafka.close();
            progress("Kafka stopped");
            try {
                kafka = KafkaBroker.start(dataDirectory.kafka(), settings.kafkaPort);
            } catch (IOException e) {
                throw new LocalStackException("Kafka could not start again: " + e.getMessage(), e);
            }
            progress(String.format("Kafka ready again on %s (%.1f s)", kafka.bootstrapServers(), seconds(begin)));
        }
    }

    /**
     * Stops PostgreSQL (fast shutdown: every open connection is cut) and starts it again on the same port and data
     * directory. The services are not restarted: their connection pools must replace the dead connections.
     */
    public void restartPostgres() {
        synchronized (lifecycle) {
            checkNotClosed();
            long begin = System.nanoTime();
            Path log = settings.logDirectory.resolve("postgres.log");
            try {
                postgres.close();
                progress("PostgreSQL stopped");
                postgres = EmbeddedPostgresServer.start(dataDirectory.postgres(), settings.postgresPort, log);
            } catch (IOException e) {
                throw new LocalStackException("PostgreSQL could not start again: " + e.getMessage() + " (see " + log
                        + ")", e);
            }
            progress(String.format("PostgreSQL ready again on 127.0.0.1:%d (%.1f s)", settings.postgresPort,
                    seconds(begin)));
        }
    }

    /** {@link #stopService} then {@link #startService}. */
    public void restartService(ProxyService service) {
        stopService(service);
        startService(service);
    }

    public boolean isRunning(ProxyService service) {
        ServiceProcess process = processes.get(service);
        return process != null && process.isAlive();
    }

    /** Services that were started and have exited without {@link #stopService} being asked. */
    public List<ProxyService> exitedServices() {
        synchronized (lifecycle) {
            if (closed) {
                return List.of();
            }
            return processes.entrySet().stream().filter(e -> !e.getValue().isAlive() && e.getValue().exitCode().isPresent()
                    && !stoppedOnPurpose(e.getKey())).map(Map.Entry::getKey).toList();
        }
    }

    private boolean stoppedOnPurpose(ProxyService service) {
        return stoppedOnPurpose.contains(service);
    }

    private ServiceProcess runningProcess(ProxyService service) {
        ServiceProcess process = processes.get(service);
        if (process == null) {
            throw new IllegalArgumentException(service + " is not part of this stack");
        }
        return process;
    }

    /** Stops everything that was started; safe to call more than once, and from another thread than start(). */
    @Override
    public void close() {
        List<ServiceProcess> toStop;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = List.copyOf(processes.values());
        }
        // SIGTERM to all first, so they shut down side by side; then wait for (or kill) each.
        toStop.forEach(ServiceProcess::requestStop);
        toStop.forEach(p -> p.stop(settings.stopGrace));
        KafkaBroker broker = kafka != null ? kafka : completed(kafkaStart);
        if (broker != null) {
            broker.close();
        }
        EmbeddedPostgresServer server = postgres != null ? postgres : completed(postgresStart);
        if (server != null) {
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                progress("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        if (dataDirectory != null) {
            try {
                dataDirectory.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    /** The result of a start that is running or done (waiting for it), or null when it failed or never began. */
    private static <T> T completed(CompletableFuture<T> future) {
        if (future == null) {
            return null;
        }
        try {
            return future.get(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    // --- what a caller needs to reach the stack -------------------------------------------------------------

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return localUrl(ProxyService.GATEWAY);
    }

    /** A service's own base URL (bypassing the gateway). */
    public String serviceUrl(ProxyService service) {
        return localUrl(service);
    }

    private String localUrl(ProxyService service) {
        String host = settings.bindAddress.equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress;
        return "http://" + host + ":" + settings.ports.get(service);
    }

    public int port(ProxyService service) {
        return settings.ports.get(service);
    }

    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + settings.kafkaPort;
    }

    public int postgresPort() {
        return settings.postgresPort;
    }

    /** The JDBC URL of a database of the stack's PostgreSQL (user {@code postgres}, no password). */
    public String jdbcUrl(String database) {
        return EmbeddedPostgresServer.jdbcUrl(settings.postgresPort, database);
    }

    /** The JDBC URL of a service's own database. */
    public String jdbcUrl(ProxyService service) {
        return jdbcUrl(service.database());
    }

    public String databaseUser() {
        return EmbeddedPostgresServer.USER;
    }

    /** The account the gateway was started with. */
    public Credentials account() {
        return account;
    }

    /** The gateway's admin token ({@code /admin/v1}): {@code PROXY_ADMIN_TOKEN}, else made up for this run. */
    public String adminToken() {
        return adminToken;
    }

    /** Whether the gateway enforces Twilio's rate limits ({@code PROXY_RATE_LIMITS=on}; off by default). */
    public boolean rateLimits() {
        return rateLimits;
    }

    public String publicBaseUrl() {
        return settings.publicBaseUrl;
    }

    public Path dataDirectory() {
        return settings.dataDirectory;
    }

    public Path logDirectory() {
        return settings.logDirectory;
    }

    public Path logFile(ProxyService service) {
        return settings.logDirectory.resolve(service.moduleName() + ".log");
    }

    /** Where a service's projection rebuild writes its output. */
    public Path rebuildLogFile(ProxyService service) {
        return settings.logDirectory.resolve(service.moduleName() + "-rebuild.log");
    }

    public Set<ProxyService> services() {
        return settings.services;
    }

    /** How long {@link #start()} took until every service was ready. */
    public Duration startupTime() {
        return startupTime;
    }

    Path jar(ProxyService service) {
        return service.executableJar(settings.repositoryRoot, settings.version);
    }

    private void checkNotClosed() {
        if (closed) {
            throw new LocalStackException("The local stack was stopped while starting");
        }
    }

    private void progress(String message) {
        settings.progress.accept(message);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static java.util.concurrent.Executor runner(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static boolean isOn(String value) {
        return value != null && java.util.Set.of("on", "true", "1", "yes").contains(value.trim().toLowerCase(java.util.Locale.ROOT));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for the services");
        }
    }

    /** Immutable settings of one stack, made by the {@link Builder}. */
    private record Settings(Path repositoryRoot, Path dataDirectory, Path logDirectory, int postgresPort,
                            int kafkaPort, Map<ProxyService, Integer> ports, String bindAddress, String publicBaseUrl,
                            Credentials account, String adminToken, Boolean rateLimits,
                            Map<String, String> environment, Set<ProxyService> services,
                            Duration startTimeout, Duration stopGrace, List<String> jvmOptions,
                            Map<ProxyService, List<String>> extraArguments, boolean fresh, Consumer<String> progress,
                            String version, String javaExecutable) {
    }

    /** Settings of a stack; every one has a default that matches {@code ./proxy-dev} without options. */
    public static final class Builder {

        private Path repositoryRoot;
        private Path dataDirectory;
        private Path logDirectory;
        private int postgresPort = DEFAULT_POSTGRES_PORT;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private final Map<ProxyService, Integer> ports = new EnumMap<>(ProxyService.class);
        private String bindAddress = "127.0.0.1";
        private String publicBaseUrl;
        private Credentials account;
        private String adminToken;
        private Boolean rateLimits;
        private Map<String, String> environment = System.getenv();
        private final Set<ProxyService> services = EnumSet.allOf(ProxyService.class);
        private Duration startTimeout = Duration.ofSeconds(180);
        private Duration stopGrace = Duration.ofSeconds(20);
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private final Map<ProxyService, List<String>> extraArguments = new EnumMap<>(ProxyService.class);
        private boolean fresh;
        private Consumer<String> progress = System.out::println;
        private String version;
        private String javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        private Builder() {
            for (ProxyService service : ProxyService.values()) {
                ports.put(service, service.defaultPort());
            }
        }

        /** The Maven reactor's root: the services' jars are {@code <root>/<module>/target/<module>-<version>-exec.jar}. */
        public Builder repositoryRoot(Path root) {
            this.repositoryRoot = root;
            return this;
        }

        /** Where PostgreSQL, Kafka, credentials and logs live; default {@code <root>/.proxy-dev}. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /** Default {@code <data directory>/logs}. */
        public Builder logDirectory(Path directory) {
            this.logDirectory = directory;
            return this;
        }

        public Builder postgresPort(int port) {
            Ports.checkPort(port, "PostgreSQL");
            this.postgresPort = port;
            return this;
        }

        public Builder kafkaPort(int port) {
            Ports.checkPort(port, "Kafka");
            this.kafkaPort = port;
            return this;
        }

        public Builder port(ProxyService service, int port) {
            Ports.checkPort(port, service.moduleName());
            ports.put(service, port);
            return this;
        }

        public Builder gatewayPort(int port) {
            return port(ProxyService.GATEWAY, port);
        }

        /** Free ports for everything, so a stack in a test never collides with a running {@code proxy-dev}. */
        public Builder randomPorts() {
            postgresPort = Ports.free();
            kafkaPort = Ports.free();
            for (ProxyService service : ProxyService.values()) {
                ports.put(service, Ports.free());
            }
            return this;
        }

        /** The address the services listen on; default 127.0.0.1 (nothing is reachable from the network). */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        /** The base of every URL the API prints; default {@code http://localhost:<gateway port>}. */
        public Builder publicBaseUrl(String url) {
            this.publicBaseUrl = url;
            return this;
        }

        /** The account the gateway creates; default from the environment or the data directory (see {@link Credentials}). */
        public Builder account(String accountSid, String authToken) {
            this.account = new Credentials(accountSid, authToken);
            return this;
        }

        public Builder account(Credentials credentials) {
            this.account = credentials;
            return this;
        }

        /** The gateway's admin token; default {@code PROXY_ADMIN_TOKEN}, else a random one per run. */
        public Builder adminToken(String token) {
            this.adminToken = token;
            return this;
        }

        /** Whether the gateway enforces Twilio's rate limits; default {@code PROXY_RATE_LIMITS}, else off. */
        public Builder rateLimits(boolean enabled) {
            this.rateLimits = enabled;
            return this;
        }

        /** The variables consulted for credentials; default the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Which services to start (default all); the others are expected on their ports, e.g. run from an IDE. */
        public Builder services(Collection<ProxyService> selected) {
            services.clear();
            services.addAll(selected);
            return this;
        }

        public Builder services(ProxyService... selected) {
            return services(List.of(selected));
        }

        public Builder without(ProxyService service) {
            services.remove(service);
            return this;
        }

        /** How long to wait for all services to be ready; default 180 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** How long a stopping service may take before it is killed; default 20 s. */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = grace;
            return this;
        }

        /** JVM options of the service processes; default {@link #DEFAULT_JVM_OPTIONS}. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Extra arguments for one service, e.g. {@code --logging.level.dev.openproxy=DEBUG}. */
        public Builder serviceArguments(ProxyService service, String... arguments) {
            extraArguments.computeIfAbsent(service, s -> new ArrayList<>()).addAll(List.of(arguments));
            return this;
        }

        /** Wipe the data directory first (all databases, Kafka topics and the stored credentials). */
        public Builder fresh(boolean fresh) {
            this.fresh = fresh;
            return this;
        }

        /** Where progress lines go; default standard output. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /** The version in the jar names; default this launcher's own version. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder javaExecutable(String java) {
            this.javaExecutable = java;
            return this;
        }

        /** A stack with these settings, not started yet (so a shutdown hook can hold it while it starts). */
        public LocalStack build() {
            if (repositoryRoot == null) {
                throw new IllegalStateException("repositoryRoot is required");
            }
            Path root = repositoryRoot.toAbsolutePath().normalize();
            Path data = (dataDirectory != null ? dataDirectory : root.resolve(".proxy-dev")).toAbsolutePath().normalize();
            Path logs = (logDirectory != null ? logDirectory : data.resolve("logs")).toAbsolutePath().normalize();
            Map<ProxyService, Integer> portsCopy = new EnumMap<>(ports);
            Map<Integer, String> used = new LinkedHashMap<>();
            used.put(postgresPort, "PostgreSQL");
            if (used.put(kafkaPort, "Kafka") != null) {
                throw new IllegalStateException("Kafka and PostgreSQL cannot share port " + kafkaPort);
            }
            for (Map.Entry<ProxyService, Integer> entry : portsCopy.entrySet()) {
                String other = used.put(entry.getValue(), entry.getKey().moduleName());
                if (other != null) {
                    throw new IllegalStateException(entry.getKey() + " and " + other + " cannot share port "
                            + entry.getValue());
                }
            }
            String base = publicBaseUrl != null ? publicBaseUrl : "http://localhost:" + portsCopy.get(ProxyService.GATEWAY);
            Map<ProxyService, List<String>> extra = new EnumMap<>(ProxyService.class);
            extraArguments.forEach((service, arguments) -> extra.put(service, List.copyOf(arguments)));
            return new LocalStack(new Settings(root, data, logs, postgresPort, kafkaPort, portsCopy, bindAddress, base,
                    account, adminToken, rateLimits, environment, services.isEmpty() ? EnumSet.noneOf(ProxyService.class) : EnumSet.copyOf(services), startTimeout, stopGrace, jvmOptions, extra, fresh,
                    progress, version != null ? version : StackVersion.current(), javaExecutable));
        }

        /** {@link #build()} then {@link LocalStack#start()}. */
        public LocalStack start() {
            return build().start();
        }
    }
}
