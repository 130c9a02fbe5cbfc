package dev.openproxy.e2e;

import com.sun.net.httpserver.HttpServer;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import com.twilio.rest.proxy.v1.service.Session;
import com.twilio.rest.proxy.v1.service.session.Participant;
import com.twilio.security.RequestValidator;
import dev.openproxy.testsupport.carrier.CarrierWebhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Service webhooks through the whole stack: a customer's server on a local port receives the
 * InterceptCallbackUrl, CallbackUrl and OutOfSessionCallbackUrl requests and checks each X-Twilio-Signature with
 * twilio-java's RequestValidator and the account's own auth token, which only the gateway holds (ADR 0011).
 */
class ServiceWebhooksIT extends E2eTest {

    /** A request the customer's server received: path, form, and whether its signature checked. */
    record Received(String path, Map<String, String> form, boolean signatureValid) {
    }

    private HttpServer customer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile String outOfSessionAnswer = "";
    private final CarrierWebhooks carrier = ProxyStack.carrierWebhooks();

    @BeforeEach
    void startCustomer() throws IOException {
        customer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        customer.createContext("/", exchange -> {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String path = exchange.getRequestURI().getPath();
            String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
            boolean valid = signature != null && new RequestValidator(ProxyStack.AUTH_TOKEN)
                    .validate(url(path), form, signature);
            received.add(new Received(path, form, valid));
            boolean outOfSession = path.equals("/out-of-session");
            byte[] body = (outOfSession ? outOfSessionAnswer : "").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", outOfSession ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        customer.start();
    }

    @AfterEach
    void stopCustomer() {
        customer.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + customer.getAddress().getPort() + path;
    }

    private List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static String newNumber() {
        return "+1628" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    @Test
    void interceptAndCallbackAreSignedWithTheAccountsTokenAndOutOfSessionAutoCreateRelays() {
        String service = Service.creator("webhooks-" + UUID.randomUUID())
                .setCallbackUrl(URI.create(url("/callback")))
                .setInterceptCallbackUrl(URI.create(url("/intercept")))
                .setOutOfSessionCallbackUrl(URI.create(url("/out-of-session")))
                .create(twilio).getSid();
        String firstNumber = newNumber();
        String secondNumber = newNumber();
        PhoneNumber.creator(service).setPhoneNumber(firstNumber).create(twilio);
        PhoneNumber.creator(service).setPhoneNumber(secondNumber).create(twilio);
        Session session = Session.creator(service).create(twilio);
        String alice = newNumber();
        String bob = newNumber();
        Participant aliceParticipant = Participant.creator(service, session.getSid(), alice).create(twilio);
        Participant bobParticipant = Participant.creator(service, session.getSid(), bob).create(twilio);

        String messageSid = CarrierWebhooks.newMessageSid();
        assertThat(carrier.post(CarrierWebhooks.MESSAGES, carrier.sms(alice, aliceParticipant.getProxyIdentifier(),
                "see you at 8", messageSid)).statusCode()).isEqualTo(200);

        assertThat(at("/intercept")).hasSize(1);
        Received intercept = at("/intercept").get(0);
        assertThat(intercept.signatureValid()).as("intercept signed with the account's auth token").isTrue();
        assertThat(intercept.form()).containsEntry("inboundResourceSid", messageSid)
                .containsEntry("inboundParticipantSid", aliceParticipant.getSid())
                .containsEntry("interactionSessionSid", session.getSid());
        await().atMost(Duration.ofSeconds(30)).until(() -> !ProxyStack.carrier().requestsTo(bob).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> at("/callback").size() == 1);
        Received callback = at("/callback").get(0);
        assertThat(callback.signatureValid()).as("callback signed with the account's auth token").isTrue();
        assertThat(callback.form()).containsEntry("interactionType", "Message")
                .containsEntry("outboundParticipantSid", bobParticipant.getSid())
                .containsEntry("outboundResourceSid", ProxyStack.carrier().requestsTo(bob).get(0).messageSid());

        // A stranger texts the Service's first number: the OutOfSessionCallbackUrl auto-creates a session with a
        // driver reached from the second number (both pairs are new, so free), and the text is relayed there.
        String stranger = newNumber();
        String driver = newNumber();
        outOfSessionAnswer = "{\"participantIdentifier\":\"" + driver + "\",\"participantProxyIdentifier\":\""
                + secondNumber + "\",\"uniqueName\":\"auto-" + UUID.randomUUID() + "\"}";
        assertThat(carrier.post(CarrierWebhooks.MESSAGES, carrier.sms(stranger, firstNumber, "need a ride",
                CarrierWebhooks.newMessageSid())).statusCode()).isEqualTo(200);

        Received outOfSession = at("/out-of-session").get(0);
        assertThat(outOfSession.signatureValid()).as("out-of-session signed with the account's auth token").isTrue();
        assertThat(outOfSession.form()).containsEntry("From", stranger).containsEntry("Body", "need a ride");
        await().atMost(Duration.ofSeconds(30)).until(() -> !ProxyStack.carrier().requestsTo(driver).isEmpty());
        assertThat(ProxyStack.carrier().requestsTo(driver).get(0).form()).containsEntry("Body", "need a ride");
        List<String> sessions = new ArrayList<>();
        Session.reader(service).read(twilio).forEach(s -> sessions.add(s.getSid()));
        assertThat(sessions).hasSize(2);
    }
}
