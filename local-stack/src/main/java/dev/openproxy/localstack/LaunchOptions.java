package dev.openproxy.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The launcher's command line and environment, parsed and checked before anything starts. Command-line options
 * win over environment variables, which win over the defaults.
 */
record LaunchOptions(Command command, boolean help, boolean fresh, Path repositoryRoot, Path dataDirectory, Set<ProxyService> services,
                     Map<ProxyService, Integer> ports, int postgresPort, int kafkaPort, String bindAddress,
                     String publicBaseUrl, Duration startTimeout, List<String> extraJvmOptions) {

    /** What the launcher does. */
    enum Command {
        /** Start the platform and keep it running (no command word). */
        START,
        /** {@code rebuild-projections}: rebuild every projection from the event stores, then stop. */
        REBUILD_PROJECTIONS
    }

    static final String REBUILD_PROJECTIONS = "rebuild-projections";

    static final String USAGE = """
            Usage: ./proxy-dev [options]
                   ./proxy-dev rebuild-projections [options]

            Starts OpenProxy on this machine: a PostgreSQL server, a Kafka broker and the five services
            (each a JVM logging to .proxy-dev/logs), waits until all are ready, and prints the URLs and the
            account to use. Data (databases, Kafka topics, the account) is kept in .proxy-dev/ under the
            repository root and survives restarts. Ctrl-C stops everything.

            Commands:
              rebuild-projections      with the platform stopped: start PostgreSQL and Kafka on the data
                                       directory, rebuild every projection of session-service, participant-service,
                                       number-pool-service and routing-service from their event stores and Kafka
                                       topics (each jar's --openproxy.projections.rebuild=true mode, with the
                                       configuration a normal start gives it; logs in .proxy-dev/logs/*-rebuild.log),
                                       print events replayed, seconds and events/s per service and in total, stop
                                       PostgreSQL and Kafka. Exits 1, naming the service, if a rebuild fails.
                                       --data-dir, --only, --without, --timeout and the variables below apply;
                                       --fresh and --infra-only do not. See docs/operations.md, "Rebuild a projection"

            Options:
              --fresh                  wipe the data directory first: databases, Kafka topics, stored account
              --without SERVICE        do not start SERVICE (repeatable), e.g. to run it from your IDE on its
                                       usual port; the gateway still routes to that port
              --only SERVICE,...       start only these services
              --infra-only             start only PostgreSQL and Kafka (and create the databases)
              --data-dir DIR           data directory (default: <repository root>/.proxy-dev)
              --public-base-url URL    base of the URLs the API prints (default: http://localhost:<gateway port>)
              --timeout SECONDS        how long to wait for the services to be ready (default: 180)
              --help                   show this text

            SERVICE is one of: api-gateway, session-service, participant-service, number-pool-service,
            routing-service (or gateway, session, participant, number-pool, routing).

            Environment variables (an option on the command line wins):
              PROXY_ACCOUNT_SID, PROXY_AUTH_TOKEN
                                       the account the gateway creates (set both or neither); default: generated
                                       on the first run and kept in .proxy-dev/credentials
              PROXY_ADMIN_TOKEN        the gateway's admin token for /admin/v1 (accounts and API keys; at least
                                       24 characters); default: a random one per run, not shown
              PROXY_RATE_LIMITS=on     enforce Twilio's rate limits (30/s per Service and endpoint); default off
              PROXY_GATEWAY_PORT       8080     PROXY_SESSION_PORT       8081
              PROXY_PARTICIPANT_PORT   8082     PROXY_NUMBER_POOL_PORT   8083
              PROXY_ROUTING_PORT       8084     PROXY_POSTGRES_PORT      15432
              PROXY_KAFKA_PORT         19092 (Kafka's controller uses a free port of its own)
              PROXY_BIND_ADDRESS       address the services listen on (default: 127.0.0.1)
              PROXY_PUBLIC_BASE_URL    as --public-base-url
              PROXY_DATA_DIR           as --data-dir
              PROXY_START_TIMEOUT      as --timeout
              PROXY_JAVA_OPTS          extra JVM options for the services, after the defaults
                                       (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx384m ...)
              PROXY_REPOSITORY_ROOT    where the services were built (set by ./proxy-dev)

            Read by the ./proxy-dev script itself:
              PROXY_SKIP_BUILD=1       start the jars as they are (no check that they are newer than the sources)
              PROXY_LAUNCHER_OPTS      extra JVM options for this launcher (it runs Kafka in-process)
            """;

    static LaunchOptions parse(String[] args, Map<String, String> environment) {
        Command command = Command.START;
        boolean help = false;
        boolean fresh = false;
        Path dataDirectory = pathOrNull(environment.get("PROXY_DATA_DIR"));
        String publicBaseUrl = blankToNull(environment.get("PROXY_PUBLIC_BASE_URL"));
        Duration timeout = Duration.ofSeconds(integer(environment.getOrDefault("PROXY_START_TIMEOUT", "180"),
                "PROXY_START_TIMEOUT"));
        Set<ProxyService> services = EnumSet.allOf(ProxyService.class);
        Set<ProxyService> only = null;
        boolean infraOnly = false;

        List<String> arguments = new ArrayList<>();
        for (String arg : args) {
            // --name=value is the same as --name value
            if (arg.startsWith("--") && arg.contains("=")) {
                arguments.add(arg.substring(0, arg.indexOf('=')));
                arguments.add(arg.substring(arg.indexOf('=') + 1));
            } else {
                arguments.add(arg);
            }
        }
        for (int i = 0; i < arguments.size(); i++) {
            String option = arguments.get(i);
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--fresh" -> fresh = true;
                case "--infra-only" -> infraOnly = true;
                case "--without" -> services.remove(ProxyService.byName(value(arguments, ++i, option)));
                case "--only" -> {
                    only = EnumSet.noneOf(ProxyService.class);
                    for (String name : value(arguments, ++i, option).split(",")) {
                        if (!name.isBlank()) {
                            only.add(ProxyService.byName(name));
                        }
                    }
                }
                case "--data-dir" -> dataDirectory = Path.of(value(arguments, ++i, option));
                case "--public-base-url" -> publicBaseUrl = value(arguments, ++i, option);
                case "--timeout" -> timeout = Duration.ofSeconds(integer(value(arguments, ++i, option), option));
                case REBUILD_PROJECTIONS -> command = Command.REBUILD_PROJECTIONS;
                default -> throw new IllegalArgumentException(option.startsWith("-") ? "Unknown option: " + option
                        : "Unknown command: " + option + " (the only one is " + REBUILD_PROJECTIONS + ")");
            }
        }
        if (command == Command.REBUILD_PROJECTIONS && (fresh || infraOnly)) {
            // --fresh would wipe the very events a rebuild reads; --infra-only leaves nothing to rebuild.
            throw new IllegalArgumentException((fresh ? "--fresh" : "--infra-only") + " cannot be used with "
                    + REBUILD_PROJECTIONS);
        }
        if (only != null) {
            services.retainAll(only);
        }
        if (infraOnly) {
            services.clear();
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        if (publicBaseUrl != null && !publicBaseUrl.matches("https?://[^/\\s]+(/\\S*)?")) {
            throw new IllegalArgumentException("--public-base-url must be an http(s) URL, got " + publicBaseUrl);
        }

        Map<ProxyService, Integer> ports = new EnumMap<>(ProxyService.class);
        for (ProxyService service : ProxyService.values()) {
            ports.put(service, port(environment, service.portVariable(), service.defaultPort()));
        }
        int postgresPort = port(environment, "PROXY_POSTGRES_PORT", LocalStack.DEFAULT_POSTGRES_PORT);
        int kafkaPort = port(environment, "PROXY_KAFKA_PORT", LocalStack.DEFAULT_KAFKA_PORT);
        String bindAddress = environment.getOrDefault("PROXY_BIND_ADDRESS", "127.0.0.1").trim();
        String javaOptions = environment.getOrDefault("PROXY_JAVA_OPTS", "").trim();
        List<String> extraJvmOptions = javaOptions.isEmpty() ? List.of() : Arrays.asList(javaOptions.split("\\s+"));
        Path root = pathOrNull(environment.get("PROXY_REPOSITORY_ROOT"));
        return new LaunchOptions(command, help, fresh, root, dataDirectory, services, ports, postgresPort, kafkaPort,
                bindAddress, publicBaseUrl, timeout, extraJvmOptions);
    }

    /** The settings of these options on a builder; the repository root must be known by now. */
    LocalStack.Builder applyTo(LocalStack.Builder builder, Path root) {
        builder.repositoryRoot(root)
                .dataDirectory(dataDirectory != null ? dataDirectory : root.resolve(".proxy-dev"))
                .postgresPort(postgresPort)
                .kafkaPort(kafkaPort)
                .bindAddress(bindAddress)
                .publicBaseUrl(publicBaseUrl)
                .services(services)
                .startTimeout(startTimeout)
                .fresh(fresh);
        ports.forEach(builder::port);
        if (!extraJvmOptions.isEmpty()) {
            List<String> jvmOptions = new ArrayList<>(LocalStack.DEFAULT_JVM_OPTIONS);
            jvmOptions.addAll(extraJvmOptions);
            builder.jvmOptions(jvmOptions);
        }
        return builder;
    }

    /**
     * The repository root: {@code PROXY_REPOSITORY_ROOT}, else the root this launcher's jar was built in
     * ({@code <root>/local-stack/target/*.jar}), else the current directory or one of its parents.
     */
    Path resolveRepositoryRoot(String classPath, Path workingDirectory) {
        if (repositoryRoot != null) {
            return requireRoot(repositoryRoot.toAbsolutePath().normalize(), "PROXY_REPOSITORY_ROOT");
        }
        if (classPath != null && classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            Path jar = Path.of(classPath).toAbsolutePath().normalize();
            Path candidate = jar.getParent() == null || jar.getParent().getParent() == null ? null
                    : jar.getParent().getParent().getParent();
            if (candidate != null && isRoot(candidate)) {
                return candidate;
            }
        }
        for (Path dir = workingDirectory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalArgumentException("Cannot find the OpenProxy repository (a folder with pom.xml and "
                + "local-stack/): run from inside it or set PROXY_REPOSITORY_ROOT");
    }

    private static Path requireRoot(Path root, String source) {
        if (!isRoot(root)) {
            throw new IllegalArgumentException(source + "=" + root + " is not the OpenProxy repository root");
        }
        return root;
    }

    static boolean isRoot(Path dir) {
        return RepositoryRoot.isRoot(dir);
    }

    private static int port(Map<String, String> environment, String variable, int defaultPort) {
        String value = blankToNull(environment.get(variable));
        if (value == null) {
            return defaultPort;
        }
        int port = integer(value, variable);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(variable + " must be a port (1-65535), got " + value);
        }
        return port;
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
    }

    private static String value(List<String> arguments, int index, String option) {
        if (index >= arguments.size() || arguments.get(index).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return arguments.get(index);
    }

    private static Path pathOrNull(String value) {
        return blankToNull(value) == null ? null : Path.of(value.trim());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
