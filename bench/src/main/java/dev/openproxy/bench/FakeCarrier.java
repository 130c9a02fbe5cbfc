package dev.openproxy.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

/**
 * A Twilio-compatible carrier for routing-service, in the benchmark's JVM: it answers
 * {@code POST /2010-04-01/Accounts/{sid}/Messages.json} with 201 and a fresh {@code SM...} SID, and tells a listener
 * each message's {@code Body} with the {@link System#nanoTime()} at which the request arrived (the benchmark's own
 * clock, so it compares directly with the time the webhook was sent). It keeps nothing else: no numbers.
 */
final class FakeCarrier implements AutoCloseable {

    private final String accountSid;
    private final String expectedAuthorization;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong sids = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile ObjLongConsumer<String> listener = (body, nanos) -> { };

    FakeCarrier(String accountSid, String authToken) throws IOException {
        this.accountSid = accountSid;
        this.expectedAuthorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        // Without TCP_NODELAY the JDK server's separate header and body writes meet Nagle's algorithm and the
        // client's delayed ACK: about 40 ms per request, which would be the fake carrier's limit, not the platform's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "fake-carrier");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void onMessage(ObjLongConsumer<String> listener) {
        this.listener = listener;
    }

    /** Requests answered with something else than 201 (wrong path or credentials): should stay 0. */
    long rejected() {
        return rejected.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = "POST".equals(exchange.getRequestMethod())
                    && exchange.getRequestURI().getPath().equals("/2010-04-01/Accounts/" + accountSid + "/Messages.json")
                    && expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!ok) {
                rejected.incrementAndGet();
                respond(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
                return;
            }
            String messageBody = formValue(body, "Body");
            String sid = String.format("SM%032x", sids.incrementAndGet());
            respond(exchange, 201, "{\"sid\":\"" + sid + "\",\"account_sid\":\"" + accountSid
                    + "\",\"status\":\"queued\",\"direction\":\"outbound-api\",\"api_version\":\"2010-04-01\"}");
            if (messageBody != null) {
                listener.accept(messageBody, arrived);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
