package dev.openproxy.faults;

import dev.openproxy.localstack.ProxyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Crashes under load: while API clients create Sessions and Participants and a carrier delivers inbound SMS, each of
 * the five processes is killed with SIGKILL in turn and started again, then the Kafka broker and the PostgreSQL server
 * are restarted. Requests that fail meanwhile are fine; what was accepted must not be lost or duplicated, and every
 * projection must converge ({@link Invariants}). See docs/fault-tests.md.
 */
class FaultToleranceIT {

    private static final int POOL_NUMBERS = 40;
    private static final int REGULARS = 16;
    private static final int CONVERSATIONS = 6;
    private static final int SESSION_CLIENTS = 2;
    private static final Duration CONVERGENCE = Duration.ofSeconds(120);
    /** How long the load runs against the whole stack between two faults. */
    private static final Duration BETWEEN_FAULTS = Duration.ofSeconds(3);

    private volatile boolean loadRunning = true;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void noAcceptedWriteIsLostOrDuplicatedWhenEveryProcessCrashesAndKafkaAndPostgresRestart() throws Exception {
        try (FaultStack faults = FaultStack.start()) {
            GatewayApi api = faults.api();
            String serviceSid = untilAccepted("create the Service", () ->
                    api.post("/v1/Services", Map.of("UniqueName", "faults"))).text("sid");
            PhoneNumbers poolNumbers = new PhoneNumbers(3_000_000);
            List<String> poolNumberSids = new ArrayList<>();
            for (int i = 0; i < POOL_NUMBERS; i++) {
                String number = poolNumbers.next();
                poolNumberSids.add(untilAccepted("add a pool number", () -> api.post("/v1/Services/" + serviceSid
                        + "/PhoneNumbers", Map.of("PhoneNumber", number))).text("sid"));
            }
            PhoneNumbers regularNumbers = new PhoneNumbers(4_000_000);
            List<String> regulars = IntStream.range(0, REGULARS).mapToObj(i -> regularNumbers.next()).toList();
            PhoneNumbers newcomers = new PhoneNumbers(5_000_000);
            List<SmsLoad.Conversation> conversations = new ArrayList<>();
            for (int i = 0; i < CONVERSATIONS; i++) {
                conversations.add(conversation(api, serviceSid, newcomers));
            }
            awaitRouted(faults, conversations);

            LoadRecord load = new LoadRecord();
            ExecutorService clients = Executors.newFixedThreadPool(SESSION_CLIENTS + 1);
            for (int i = 0; i < SESSION_CLIENTS; i++) {
                clients.submit(new SessionLoad(api, serviceSid, regulars, newcomers, load, () -> loadRunning, 400));
            }
            clients.submit(new SmsLoad(faults.carrierWebhooks(), conversations, load, () -> loadRunning, 100));
            long begin = System.nanoTime();
            pause(BETWEEN_FAULTS);
            for (ProxyService service : List.of(ProxyService.SESSION, ProxyService.PARTICIPANT,
                    ProxyService.NUMBER_POOL, ProxyService.ROUTING, ProxyService.GATEWAY)) {
                faults.stack.killService(service);
                faults.stack.startService(service);
                pause(BETWEEN_FAULTS);
            }
            faults.stack.restartKafka();
            pause(BETWEEN_FAULTS);
            faults.stack.restartPostgres();
            int sessionsBeforeTheEnd = load.sessions.size();
            int smsBeforeTheEnd = acceptedSms(load);
            pause(BETWEEN_FAULTS.multipliedBy(2));
            loadRunning = false;
            clients.shutdown();
            assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).as("the load stops").isTrue();
            System.out.printf("[faults] load with faults ran %.0f s: %d Sessions, %d Participants, %d of %d SMS "
                            + "accepted; answers %s%n", (System.nanoTime() - begin) / 1e9, load.sessions.size(),
                    load.participants.size(), acceptedSms(load), load.sms.size(), load.answers());
            load.refusals().forEach(refusal -> System.out.println("[faults] refused: " + refusal));

            assertThat(faults.stack.exitedServices()).as("no service died on its own").isEmpty();
            assertThat(load.sessions.size()).as("Sessions accepted after PostgreSQL's restart")
                    .isGreaterThan(sessionsBeforeTheEnd);
            assertThat(acceptedSms(load)).as("SMS accepted after PostgreSQL's restart").isGreaterThan(smsBeforeTheEnd);
            awaitInvariants(new Invariants(faults, serviceSid, poolNumberSids), load);
        }
    }

    /** A Session with two newcomers, set up before the faults; retried while participant-service learns the pool. */
    private static SmsLoad.Conversation conversation(GatewayApi api, String serviceSid, PhoneNumbers newcomers) {
        String sessionSid = untilAccepted("create a Session", () -> api.post("/v1/Services/" + serviceSid
                + "/Sessions", Map.of())).text("sid");
        String participants = "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants";
        String alice = newcomers.next();
        String bob = newcomers.next();
        String aliceProxy = untilAccepted("add a Participant", () -> api.post(participants, Map.of("Identifier", alice)))
                .text("proxy_identifier");
        String bobProxy = untilAccepted("add a Participant", () -> api.post(participants, Map.of("Identifier", bob)))
                .text("proxy_identifier");
        return new SmsLoad.Conversation(alice, aliceProxy, bob, bobProxy);
    }

    /** routing-service learns Sessions from Kafka: before the load, every conversation must route (one probe each). */
    private static void awaitRouted(FaultStack faults, List<SmsLoad.Conversation> conversations) {
        LoadRecord probes = new LoadRecord();
        SmsLoad sender = new SmsLoad(faults.carrierWebhooks(), conversations, probes, () -> false, 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (SmsLoad.Conversation conversation : conversations) {
            while (true) {
                String token = sender.send(conversation.alice(), conversation.aliceProxy(), conversation.bob(),
                        conversation.bobProxy()).token();
                pause(Duration.ofMillis(1000));
                if (faults.carrier.requests().stream().anyMatch(r -> token.equals(r.form().get("Body")))) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail("routing-service did not route the conversations within 60 s");
                }
            }
        }
    }

    private static void awaitInvariants(Invariants invariants, LoadRecord load) throws Exception {
        long begin = System.nanoTime();
        long deadline = begin + CONVERGENCE.toNanos();
        List<String> violations;
        while (true) {
            violations = invariants.violations(load);
            if (violations.isEmpty()) {
                System.out.printf("[faults] every invariant holds, %.1f s after the load stopped%n",
                        (System.nanoTime() - begin) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            System.out.printf("[faults] %d violations so far, e.g. %s%n", violations.size(), violations.get(0));
            pause(Duration.ofSeconds(2));
        }
        fail(violations.size() + " violations " + CONVERGENCE.toSeconds() + " s after the faults (first 40):\n"
                + String.join("\n", violations.subList(0, Math.min(40, violations.size()))));
    }

    private static int acceptedSms(LoadRecord load) {
        return (int) load.sms.stream().filter(LoadRecord.Sms::accepted).count();
    }

    /** Set-up requests are retried: the stack is healthy, but another service's projection may be a moment behind. */
    private static GatewayApi.Answer untilAccepted(String what, Supplier<GatewayApi.Answer> request) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            GatewayApi.Answer answer = request.get();
            if (answer.accepted()) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                fail("could not " + what + " within 60 s: last answer " + answer.status() + " " + answer.body());
            }
            pause(Duration.ofMillis(500));
        }
    }

    private static void pause(Duration duration) {
        SessionLoad.pause(duration.toMillis());
    }
}
