package dev.openproxy.faults;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the load asked for and what it got back: the accepted creates and SMS (the invariants are about those),
 * and a count of every answer by operation and status (0 = no answer), so a report shows what the faults cost.
 */
final class LoadRecord {

    record Session(String sid, String uniqueName) {
    }

    record Participant(String sid, String sessionSid, String identifier, String proxyIdentifier) {
    }

    /** One inbound SMS: {@code accepted} once any delivery of it was answered 2xx. */
    record Sms(String token, String messageSid, String expectedTo, String expectedFrom, boolean accepted,
               int deliveries) {
    }

    final List<Session> sessions = new CopyOnWriteArrayList<>();
    final List<Participant> participants = new CopyOnWriteArrayList<>();
    final List<Sms> sms = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    /** A 4xx is the platform refusing a valid request: kept (the first few) to show in the report. */
    void answered(String operation, GatewayApi.Answer answer) {
        if (answer.status() >= 400 && answer.status() < 500 && refusals.size() < 10) {
            refusals.add(operation + " " + answer.status() + " " + answer.body());
        }
        answered(operation, answer.status());
    }

    List<String> refusals() {
        return List.copyOf(refusals);
    }

    void answered(String operation, int status) {
        answers.computeIfAbsent(operation + " " + (status == 0 ? "no answer" : status), k -> new AtomicInteger())
                .incrementAndGet();
    }

    /** e.g. {@code {create participant 201=812, create participant no answer=3, ...}} */
    Map<String, Integer> answers() {
        Map<String, Integer> sorted = new TreeMap<>();
        answers.forEach((key, count) -> sorted.put(key, count.get()));
        return sorted;
    }
}
