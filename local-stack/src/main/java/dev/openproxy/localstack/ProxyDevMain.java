package dev.openproxy.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./proxy-dev}: starts the local stack, prints how to reach it, and stops it on Ctrl-C (SIGINT) or SIGTERM.
 * Exits 1 when something does not start (after printing why), 2 on a bad option.
 */
public final class ProxyDevMain {

    private ProxyDevMain() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Map<String, String> environment = System.getenv();
        LaunchOptions options;
        Path root;
        try {
            options = LaunchOptions.parse(args, environment);
            if (options.help()) {
                out.print(LaunchOptions.USAGE);
                return;
            }
            root = options.resolveRepositoryRoot(System.getProperty("java.class.path"), Path.of(""));
        } catch (IllegalArgumentException e) {
            err.println("proxy-dev: " + e.getMessage());
            err.println("Run ./proxy-dev --help for the options.");
            System.exit(2);
            return;
        }

        if (options.command() == LaunchOptions.Command.REBUILD_PROJECTIONS) {
            System.exit(rebuildProjections(options, root, out, err));
            return;
        }

        LocalStack stack;
        try {
            stack = options.applyTo(LocalStack.builder(), root).progress(line -> out.println("  " + line)).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("proxy-dev: " + e.getMessage());
            System.exit(2);
            return;
        }
        logToFiles(stack);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println();
            out.println("Stopping the local stack...");
            stack.close();
            out.println("Stopped.");
        }, "proxy-dev-stop"));

        out.println("Starting OpenProxy's local stack (data: " + stack.dataDirectory() + ")");
        try {
            stack.start();
        } catch (LocalStackException e) {
            err.println();
            err.println("proxy-dev: " + e.getMessage());
            stack.close();
            System.exit(1);
            return;
        }
        out.println(summary(stack));
        watch(stack, out);
    }

    /** Before any logger exists: the launcher's own log and Kafka's go to files, the terminal stays readable. */
    private static void logToFiles(LocalStack stack) {
        System.setProperty("proxydev.logDirectory", stack.logDirectory().toString());
        System.setProperty("logback.configurationFile", "dev/openproxy/localstack/proxy-dev-logback.xml");
        org.slf4j.LoggerFactory.getILoggerFactory();
    }

    /**
     * {@code ./proxy-dev rebuild-projections}: PostgreSQL and Kafka only (the same ports and data as a normal start),
     * then {@link ProjectionRebuildCommand}; returns the exit code.
     */
    private static int rebuildProjections(LaunchOptions options, Path root, PrintStream out, PrintStream err) {
        LocalStack stack;
        try {
            stack = options.applyTo(LocalStack.builder(), root).services().progress(line -> out.println("  " + line))
                    .build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("proxy-dev: " + e.getMessage());
            return 2;
        }
        logToFiles(stack);
        ProjectionRebuildCommand command = new ProjectionRebuildCommand(stack, options.services(), out, err);
        // Ctrl-C: the rebuild running now and PostgreSQL and Kafka are stopped (close() is idempotent).
        Thread stop = new Thread(stack::close, "proxy-dev-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int exitCode = command.run();
        Runtime.getRuntime().removeShutdownHook(stop);
        return exitCode;
    }

    /** Reports a service that dies after start-up (with the end of its log); the rest keeps running. */
    private static void watch(LocalStack stack, PrintStream out) {
        Set<ProxyService> reported = EnumSet.noneOf(ProxyService.class);
        while (true) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
            for (ProxyService service : stack.exitedServices()) {
                if (reported.add(service)) {
                    out.println();
                    out.println("!! " + service + " has exited. Last lines of " + stack.logFile(service) + ":");
                    out.println(ServiceProcess.tail(stack.logFile(service), 30));
                    out.println("!! The rest of the stack keeps running; Ctrl-C stops it.");
                }
            }
        }
    }

    static String summary(LocalStack stack) {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder(nl);
        text.append(String.format("OpenProxy's local stack is ready in %.1f s%n%n", stack.startupTime().toMillis() / 1000.0));
        for (ProxyService service : new ProxyService[]{ProxyService.GATEWAY, ProxyService.SESSION,
                ProxyService.PARTICIPANT, ProxyService.NUMBER_POOL, ProxyService.ROUTING}) {
            String url = service == ProxyService.GATEWAY && stack.publicBaseUrl().startsWith("http://localhost:")
                    ? stack.publicBaseUrl() : stack.serviceUrl(service);
            String state = stack.services().contains(service) ? "" : "   (not started: expected on this port)";
            text.append(String.format("  %-22s %s%s%n", service.moduleName(), url, state));
        }
        text.append(String.format("  %-22s %s  (user %s, no password)%n", "PostgreSQL",
                stack.jdbcUrl("<database>"), stack.databaseUser()));
        text.append(String.format("  %-22s %s%n", "", "databases: session_service, participant_service, "
                + "number_pool_service, routing_service, api_gateway"));
        text.append(String.format("  %-22s %s%n", "Kafka", stack.kafkaBootstrapServers()));
        text.append(String.format("  %-22s %s%n", "Logs", stack.logDirectory()));
        text.append(String.format("  %-22s %s  (kept across runs; --fresh wipes it)%n", "Data", stack.dataDirectory()));
        if (!stack.publicBaseUrl().startsWith("http://localhost:")) {
            text.append(String.format("  %-22s %s%n", "Public base URL", stack.publicBaseUrl()));
        }
        text.append(nl);
        Credentials account = stack.account();
        text.append(String.format("  %-22s %s%n", "Account SID", account.accountSid()));
        text.append(String.format("  %-22s %s%n", "Auth token", account.authToken()));
        text.append(nl);
        text.append("  Try it:").append(nl);
        text.append(String.format("    curl -u %s:%s %s/v1/Services -d UniqueName=my-first-service%n",
                account.accountSid(), account.authToken(), stack.gatewayUrl().replace("127.0.0.1", "localhost")));
        text.append(nl);
        text.append("Press Ctrl-C to stop everything.");
        return text.toString();
    }
}
