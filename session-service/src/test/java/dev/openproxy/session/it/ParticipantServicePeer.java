package dev.openproxy.session.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.openproxy.support.account.AccountHeader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * participant-service's HTTP contract as session-service uses it, played by a real HTTP server in the test.
 * session-service's own tests check its side of the conversation (what it sends, what it does with each answer);
 * the real participant-service answers in the end-to-end tests (e2e-tests), where both run.
 */
final class ParticipantServicePeer implements AutoCloseable {

    record Call(String method, String path, String accountSid, String body) {
    }

    record Answer(int status, String body) {
        static Answer twilioError(int status, int code, String message) {
            return new Answer(status, "{\"code\":" + code + ",\"message\":\"" + message
                    + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<Answer> nextAnswers = new ConcurrentLinkedQueue<>();

    ParticipantServicePeer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next calls get these answers, in order; after them: 201 for a participant, 204 for anything else. */
    void willAnswer(Answer... answers) {
        nextAnswers.addAll(List.of(answers));
    }

    List<Call> callsTo(String pathPart) {
        return calls.stream().filter(c -> c.path().contains(pathPart)).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        calls.add(new Call(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst(AccountHeader.NAME), body));
        Answer answer = nextAnswers.poll();
        if (answer == null) {
            answer = path.endsWith("/Participants") ? new Answer(201, "{}") : new Answer(204, "");
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
