package dev.openproxy.routing.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.security.SecureRandom;

/**
 * A Twilio-compatible carrier on a local port: records every request and answers 201 with a new SM SID, or, for a
 * recipient given a script, the scripted HTTP statuses first (e.g. 500 then 201).
 */
final class FakeCarrier implements AutoCloseable {

    record Request(String method, String path, Map<String, String> headers, Map<String, String> form) {
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A started carrier, for a test class's static field (an IOException there is an ExceptionInInitializerError). */
    static FakeCarrier started() {
        try {
            return new FakeCarrier();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    FakeCarrier() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, form));
            Deque<Integer> script = scripts.get(form.getOrDefault("To", ""));
            Integer scripted = script == null ? null : script.poll();
            int status = scripted == null ? 201 : scripted;
            byte[] bytes = status == 201
                    ? ("{\"sid\":\"SM" + hex() + "\",\"status\":\"queued\",\"to\":\"" + form.get("To") + "\"}").getBytes(StandardCharsets.UTF_8)
                    : ("{\"code\":20500,\"message\":\"boom\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    private String hex() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void script(String to, Integer... statuses) {
        scripts.put(to, new ArrayDeque<>(List.of(statuses)));
    }

    List<Request> to(String recipient) {
        return requests.stream().filter(r -> recipient.equals(r.form().get("To"))).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
