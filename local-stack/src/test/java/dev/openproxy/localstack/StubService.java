package dev.openproxy.localstack;

import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
}
