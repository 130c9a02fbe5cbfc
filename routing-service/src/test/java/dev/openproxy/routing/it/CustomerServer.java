package dev.openproxy.routing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.openproxy.contracts.webhook.TwilioSignature;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The peers of routing-service's Service webhooks, on one local port: a customer's webhook URLs (each path records
 * its requests and gives a scripted answer), the gateway's signer (signs with the account tokens it is given, as the
 * gateway's internal port does) and, for auto-create, session-service's CreateSession (a handler the test supplies).
 */
final class CustomerServer implements AutoCloseable {

    record Request(String path, String query, Map<String, String> headers, Map<String, List<String>> form) {
        String param(String name) {
            List<String> values = form.get(name);
            return values == null ? null : values.get(0);
        }
    }

    record Answer(int status, String contentType, String body, long delayMillis) {
        static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body, 0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final Map<String, String> accountTokens = new ConcurrentHashMap<>();
    volatile Function<Request, Answer> sessionService = request -> Answer.of(503, "application/json", "{}");

    CustomerServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/", this::sign);
        server.createContext("/v1/", exchange -> answer(exchange, sessionService.apply(read(exchange))));
        server.createContext("/hooks/", exchange -> {
            Request request = read(exchange);
            requests.add(request);
            answer(exchange, answers.getOrDefault(request.path(), Answer.of(200, "text/plain", "")));
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    String base() {
        return url("");
    }

    void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    List<Request> to(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void sign(HttpExchange exchange) throws IOException {
        String[] segments = exchange.getRequestURI().getPath().split("/");
        String token = accountTokens.get(segments[4]); // /internal/v1/Accounts/{sid}/WebhookSignatures
        if (token == null) {
            answer(exchange, Answer.of(404, "application/json", "{\"code\":20404}"));
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        Map<String, List<String>> params = new LinkedHashMap<>();
        body.path("parameters").fields().forEachRemaining(field -> {
            List<String> values = new ArrayList<>();
            field.getValue().forEach(value -> values.add(value.asText()));
            params.put(field.getKey(), values);
        });
        String signature = TwilioSignature.sign(token, body.path("url").asText(), params);
        answer(exchange, Answer.of(200, "application/json", "{\"signature\":\"" + signature + "\"}"));
    }

    private static Request read(HttpExchange exchange) throws IOException {
        String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                form.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        k -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        return new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(), headers, form);
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
