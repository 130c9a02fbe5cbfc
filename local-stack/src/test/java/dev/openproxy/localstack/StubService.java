package dev.openproxy.localstack;

import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Stands in for a Spring Boot service in the launcher's tests: prints its arguments, answers the readiness probe,
 * and can be told to fail ({@code --stub.exit-code=N}) or to be slow ({@code --stub.ready-after-ms=N}).
 */
public final class StubService {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            System.out.println("arg " + arg);
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        if ("true".equals(options.get("openproxy.projections.rebuild"))) {
            System.exit(rebuild(options));
        }
        if (options.containsKey("stub.exit-code")) {
            System.out.println("Simulated start-up failure: APPLICATION FAILED TO START");
            System.exit(Integer.parseInt(options.get("stub.exit-code")));
        }
        long readyAt = System.currentTimeMillis() + Long.parseLong(options.getOrDefault("stub.ready-after-ms", "0"));
        HttpServer server = HttpServer.create(new InetSocketAddress(
                InetAddress.getByName(options.getOrDefault("server.address", "127.0.0.1")),
                Integer.parseInt(options.get("server.port"))), 10);
        server.createContext("/actuator/health/readiness", exchange -> {
            boolean ready = System.currentTimeMillis() >= readyAt;
            byte[] body = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stub stopping")));
        System.out.println("stub started");
    }

    /**
     * A projection rebuild: prints the summary as service-support's RebuildLifecycleProcessor does (with log lines
     * around it) and exits. {@code --stub.rebuild-events=N} events per projection; {@code --stub.rebuild-exit-code=N}
     * fails it (after a log line with a phone number in it); {@code --stub.rebuild-requires-peer=NAME} fails it
     * unless the peer at {@code openproxy.peers.NAME} is ready.
     */
    private static int rebuild(Map<String, String> options) throws Exception {
        // As spring.application.name: the module, from the jar's name (<module>-<version>-exec.jar).
        String service = Path.of(System.getProperty("java.class.path")).getFileName().toString().replaceFirst("-\\d.*$", "");
        System.out.println("INFO Projection tables emptied");
        String peer = options.get("stub.rebuild-requires-peer");
        if (peer != null && !ready(options.get("openproxy.peers." + peer))) {
            System.out.println("ERROR the key endpoint of " + peer + " does not answer");
            return 4;
        }
        if (options.containsKey("stub.rebuild-exit-code")) {
            System.out.println("ERROR Replaying ParticipantAddedEvent for +14155550123 failed");
            return Integer.parseInt(options.get("stub.rebuild-exit-code"));
        }
        long events = Long.parseLong(options.getOrDefault("stub.rebuild-events", "10"));
        System.out.println("Projections of " + service + " rebuilt:");
        System.out.printf("%-42s %-48s %9s %9s %10s%n", "projection", "from", "events", "seconds", "events/s");
        System.out.printf("%-42s %-48s %9d %9.2f %10d%n", service + ".directory", "openproxy.sessions.v1, openproxy.services.v1",
                events, 0.5, events * 2);
        System.out.printf("%-42s %-48s %9d %9.2f %10d%n", "interactions", "event store", events, 0.25, events * 4);
        System.out.println();
        System.out.println("INFO Closing the context");
        return 0;
    }

    private static boolean ready(String baseUrl) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + "/actuator/health/readiness").toURL()
                    .openConnection();
            connection.setConnectTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
