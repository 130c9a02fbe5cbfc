package dev.openproxy.faults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One API client creating Sessions with two Participants each, back to back, paced. Half of the first participants are
 * "regulars" (a few numbers that join many sessions), so the rule that an (identifier, proxy number) pair is active in
 * one session at most is exercised: participant-service must give a regular a different proxy number every time.
 * A create that gets no 2xx is not retried (a client may give up); it is counted, and its session gets no participants.
 */
final class SessionLoad implements Runnable {

    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final GatewayApi api;
    private final String serviceSid;
    private final List<String> regulars;
    private final PhoneNumbers newcomers;
    private final LoadRecord record;
    private final BooleanSupplier running;
    private final long pauseMillis;

    SessionLoad(GatewayApi api, String serviceSid, List<String> regulars, PhoneNumbers newcomers, LoadRecord record,
                BooleanSupplier running, long pauseMillis) {
        this.api = api;
        this.serviceSid = serviceSid;
        this.regulars = regulars;
        this.newcomers = newcomers;
        this.record = record;
        this.running = running;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            String uniqueName = "fault-" + SESSIONS.incrementAndGet();
            GatewayApi.Answer session = api.post("/v1/Services/" + serviceSid + "/Sessions", Map.of("UniqueName", uniqueName));
            record.answered("create session", session);
            if (session.accepted()) {
                String sessionSid = session.text("sid");
                record.sessions.add(new LoadRecord.Session(sessionSid, uniqueName));
                ThreadLocalRandom random = ThreadLocalRandom.current();
                String first = random.nextBoolean() ? regulars.get(random.nextInt(regulars.size())) : newcomers.next();
                addParticipant(sessionSid, first);
                addParticipant(sessionSid, newcomers.next());
            }
            pause(pauseMillis);
        }
    }

    private void addParticipant(String sessionSid, String identifier) {
        GatewayApi.Answer participant = api.post("/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants",
                Map.of("Identifier", identifier));
        record.answered("create participant", participant);
        if (participant.accepted()) {
            record.participants.add(new LoadRecord.Participant(participant.text("sid"), sessionSid, identifier,
                    participant.text("proxy_identifier")));
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
