package dev.openproxy.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real HTTP server standing in for a service: it answers every request with JSON describing what
 * arrived (its name, method, raw path and query, account header values, whether credentials leaked
 * through, and the raw body), so tests see exactly what the gateway forwarded.
 */
final class EchoUpstream implements AutoCloseable {

    /** Request header asking the echo to answer with another status, to check statuses pass through. */
    static final String STATUS_HEADER = "X-Test-Status";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    private EchoUpstream(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::echo);
        server.start();
    }

    static EchoUpstream start(String name) {
        return new EchoUpstream(name);
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A loopback URI where nothing listens: the port was free a moment ago and is closed again. */
    static String deadUri() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many requests reached this upstream so far. */
    int requests() {
        return requests.get();
    }

    private void echo(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange; InputStream body = exchange.getRequestBody()) {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("upstream", name);
            seen.put("method", exchange.getRequestMethod());
            seen.put("path", exchange.getRequestURI().getRawPath());
            seen.put("query", exchange.getRequestURI().getRawQuery());
            seen.put("accountSids", exchange.getRequestHeaders().getOrDefault("X-OpenProxy-Account-Sid", List.of()));
            seen.put("authorization", exchange.getRequestHeaders().containsKey("Authorization"));
            seen.put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] received = body.readAllBytes();
            seen.put("body", new String(received, StandardCharsets.UTF_8));
            seen.put("bodyBase64", java.util.Base64.getEncoder().encodeToString(received));
            byte[] response = JSON.writeValueAsBytes(seen);
            String status = exchange.getRequestHeaders().getFirst(STATUS_HEADER);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status == null ? 200 : Integer.parseInt(status), head ? -1 : response.length);
            if (!head) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
