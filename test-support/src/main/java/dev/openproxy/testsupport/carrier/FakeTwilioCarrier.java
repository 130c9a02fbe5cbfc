package dev.openproxy.testsupport.carrier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Twilio-compatible carrier on a free 127.0.0.1 port, for routing-service's PROXY_CARRIER_BASE_URL. It records every
 * request and answers {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} as Twilio does: 201 and a message
 * with a fresh {@code SM...} SID. A recipient can be given a script of statuses to answer first (e.g. 500, then 201);
 * wrong credentials get 401 and any other path 404, with Twilio's error shape.
 *
 * <p>One carrier may serve many tests (the e2e stack is shared by every test class), so tests look only at the requests
 * to their own (random) numbers:
 * {@link #requestsTo(String)}.
 */
public final class FakeTwilioCarrier implements AutoCloseable {

    /** One request as the carrier received it, and what it answered ({@code messageSid} only for a 201). */
    public record Request(String method, String path, Map<String, String> headers, Map<String, String> form,
                          int answeredStatus, String messageSid) {

        /** A header by its name in any case. */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static final Pattern MESSAGES = Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountSid;
    private final String expectedAuthorization;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private FakeTwilioCarrier(String accountSid, String authToken) throws IOException {
        this.accountSid = accountSid;
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // A few threads: the outbox sends several legs at once when tests run side by side.
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fake-twilio-carrier");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** Starts a carrier whose account is {@code accountSid} / {@code authToken} (Basic auth of every REST call). */
    public static FakeTwilioCarrier start(String accountSid, String authToken) {
        try {
            return new FakeTwilioCarrier(accountSid, authToken);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake carrier", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String accountSid() {
        return accountSid;
    }

    /** The path routing-service must POST an SMS to. */
    public String messagesPath() {
        return "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    }

    /** The next SMS requests to {@code recipient} are answered with these statuses, in order; then 201 again. */
    public void script(String recipient, Integer... statuses) {
        scripts.put(recipient, new ArrayDeque<>(List.of(statuses)));
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests whose form {@code To} is {@code recipient}, in arrival order. */
    public List<Request> requestsTo(String recipient) {
        return requests.stream().filter(r -> recipient.equals(r.form().get("To"))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            String path = exchange.getRequestURI().getPath();
            Matcher messages = MESSAGES.matcher(path);

            int status;
            String messageSid = null;
            Map<String, Object> body;
            if (!"POST".equals(exchange.getRequestMethod()) || !messages.matches()) {
                status = 404;
                body = error(20404, "The requested resource " + path + " was not found", status);
            } else if (!expectedAuthorization.equals(headers.get("authorization"))
                    || !accountSid.equals(messages.group(1))) {
                status = 401;
                body = error(20003, "Authenticate", status);
            } else {
                Deque<Integer> script = scripts.get(form.getOrDefault("To", ""));
                Integer scripted = script == null ? null : script.poll();
                status = scripted == null ? 201 : scripted;
                if (status == 201) {
                    messageSid = "SM" + hex();
                    body = message(messageSid, form);
                } else {
                    body = error(20500, "Internal Server Error (scripted by the test)", status);
                }
            }
            requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(headers), Map.copyOf(form), status,
                    messageSid));
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Twilio's Message resource as its create answers it (the fields a client reads). */
    private Map<String, Object> message(String sid, Map<String, String> form) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("sid", sid);
        message.put("account_sid", accountSid);
        message.put("from", form.get("From"));
        message.put("to", form.get("To"));
        message.put("body", form.get("Body"));
        message.put("status", "queued");
        message.put("direction", "outbound-api");
        message.put("num_segments", "1");
        message.put("num_media", "0");
        message.put("api_version", "2010-04-01");
        message.put("error_code", null);
        message.put("error_message", null);
        message.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        return message;
    }

    private static Map<String, Object> error(int code, String message, int status) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        error.put("status", status);
        return error;
    }

    private static Map<String, String> parseForm(String raw) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }

    private String hex() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
