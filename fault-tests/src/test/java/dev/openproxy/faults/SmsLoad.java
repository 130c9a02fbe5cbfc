package dev.openproxy.faults;

import dev.openproxy.testsupport.carrier.CarrierWebhooks;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The carrier's stream of inbound SMS: signed webhooks through the gateway from one participant of a conversation to
 * its proxy number, each with a unique body token. Like a carrier, it delivers a webhook again (same MessageSid) while
 * it gets no 2xx, a few times; and every fourth accepted one it delivers twice anyway (carriers do), so the platform
 * must relay each SMS exactly once however often it arrives.
 */
final class SmsLoad implements Runnable {

    /** Two participants of one Session, each with the proxy number the other's messages come from. */
    record Conversation(String alice, String aliceProxy, String bob, String bobProxy) {
    }

    private static final int DELIVERIES = 6;
    private static final AtomicInteger TOKENS = new AtomicInteger();

    private final CarrierWebhooks webhooks;
    private final List<Conversation> conversations;
    private final LoadRecord record;
    private final BooleanSupplier running;
    private final long pauseMillis;

    SmsLoad(CarrierWebhooks webhooks, List<Conversation> conversations, LoadRecord record, BooleanSupplier running,
            long pauseMillis) {
        this.webhooks = webhooks;
        this.conversations = conversations;
        this.record = record;
        this.running = running;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Conversation conversation = conversations.get(random.nextInt(conversations.size()));
            boolean fromAlice = random.nextBoolean();
            send(fromAlice ? conversation.alice() : conversation.bob(),
                    fromAlice ? conversation.aliceProxy() : conversation.bobProxy(),
                    fromAlice ? conversation.bob() : conversation.alice(),
                    fromAlice ? conversation.bobProxy() : conversation.aliceProxy());
            SessionLoad.pause(pauseMillis);
        }
    }

    /** Sends one SMS from {@code from} to {@code to}; it must reach {@code partner} from {@code partnerProxy}. */
    LoadRecord.Sms send(String from, String to, String partner, String partnerProxy) {
        int number = TOKENS.incrementAndGet();
        String token = "fault-sms-" + number;
        String messageSid = CarrierWebhooks.newMessageSid();
        Map<String, String> sms = webhooks.sms(from, to, token, messageSid);
        boolean accepted = false;
        int deliveries = 0;
        while (!accepted && deliveries < DELIVERIES) {
            if (deliveries > 0) {
                SessionLoad.pause(500);
            }
            deliveries++;
            accepted = deliver(sms);
        }
        if (accepted && number % 4 == 0) {
            deliveries++;
            deliver(sms);
        }
        LoadRecord.Sms sent = new LoadRecord.Sms(token, messageSid, partner, partnerProxy, accepted, deliveries);
        record.sms.add(sent);
        return sent;
    }

    private boolean deliver(Map<String, String> sms) {
        int status;
        try {
            HttpResponse<String> answer = webhooks.post(CarrierWebhooks.MESSAGES, sms);
            status = answer.statusCode();
        } catch (IllegalStateException e) {
            status = 0;
        }
        record.answered("inbound sms", status);
        return status >= 200 && status < 300;
    }
}
