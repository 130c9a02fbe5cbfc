package dev.openproxy.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * The workloads, all through the gateway over HTTP. Phone numbers are made up (+1 415 area code, as in the e2e tests)
 * and never printed: results hold counts and times only.
 */
final class Workloads {

    /** Open loop: at most this many requests in flight; beyond, a request is counted as not sent. */
    private static final int MAX_IN_FLIGHT = 2_000;
    private static final Duration DRAIN = Duration.ofSeconds(30);

    /** A Session with two participants: an SMS from {@code from} to {@code proxy} is relayed to the other one. */
    record Pair(String sessionSid, String from, String proxy) {
        @Override
        public String toString() {
            return "Pair[" + sessionSid + "]";
        }
    }

    /** A Service and one of its Sessions, for reads. */
    record SessionRef(String serviceSid, String sessionSid) {
    }

    private final BenchOptions options;
    private final CpuSampler cpu;
    private final AtomicLong identifiers = new AtomicLong();
    /** Starts anywhere: a scale run resumed on the same data must not send a MessageSid the platform has seen. */
    private final AtomicLong messageSids = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 62));
    private Gateway gateway;
    private String serviceSid;
    /** Sessions created so far in the benchmark's Service, in order; participants take them from the queue. */
    private final List<String> sessions = new CopyOnWriteArrayList<>();
    private final Queue<String> sessionsWithoutParticipants = new ConcurrentLinkedQueue<>();
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();

    Workloads(BenchOptions options, Gateway gateway, CpuSampler cpu) {
        this.options = options;
        this.gateway = gateway;
        this.cpu = cpu;
    }

    void gateway(Gateway gateway) {
        this.gateway = gateway;
    }

    // --- set-up ------------------------------------------------------------------------------------------------

    /** The benchmark's Service with {@code poolSize} proxy numbers. */
    void createServiceAndPool() throws Exception {
        serviceSid = gateway.call(gateway.post("/v1/Services", Map.of("UniqueName", "bench-" + System.currentTimeMillis())))
                .path("sid").asText();
        parallel(options.poolSize(), i -> gateway.post("/v1/Services/" + serviceSid + "/PhoneNumbers",
                Map.of("PhoneNumber", "+1415" + (2_000_000 + i))));
    }

    /** Makes sure {@code count} Sessions wait for participants (when the sessions workload did not run or ran short). */
    void ensureSessionsWithoutParticipants(int count) throws Exception {
        int missing = count - sessionsWithoutParticipants.size();
        if (missing > 0) {
            parallel(missing, i -> createSessionRequest()).forEach(this::keepSession);
        }
    }

    /** The pairs the SMS workload cycles through from now on (the scale run's sample of its Sessions). */
    void usePairs(List<Pair> sample) {
        pairs.clear();
        pairs.addAll(sample);
    }

    /** Makes sure {@code count} pairs exist for the SMS workload. */
    void ensurePairs(int count) throws Exception {
        int missing = count - pairs.size();
        if (missing <= 0) {
            return;
        }
        ensureSessionsWithoutParticipants(missing);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < missing; i++) {
                String session = sessionsWithoutParticipants.poll();
                futures.add(pool.submit(() -> {
                    String from = newIdentifier();
                    JsonNode first = gateway.call(addParticipant(session, from));
                    gateway.call(addParticipant(session, newIdentifier()));
                    pairs.add(new Pair(session, from, first.path("proxy_identifier").asText()));
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** {@code count} Services with one Session each: the buckets the rate-limited reads are spread over. */
    List<SessionRef> createReadTargets(int count) throws Exception {
        List<SessionRef> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String service = gateway.call(gateway.post("/v1/Services",
                    Map.of("UniqueName", "bench-reads-" + i + "-" + System.currentTimeMillis()))).path("sid").asText();
            String session = gateway.call(gateway.post("/v1/Services/" + service + "/Sessions", Map.of())).path("sid").asText();
            targets.add(new SessionRef(service, session));
        }
        return targets;
    }

    // --- workloads ------------------------------------------------------------------------------------------

    WorkloadResult sessions() throws InterruptedException {
        return closedLoop("sessions", "POST /v1/Services/{KS}/Sessions (no parameters); a completion is a 201",
                options.sessionClients(), client -> createSessionRequest(), this::keepSession);
    }

    WorkloadResult participants() throws InterruptedException {
        int clients = options.participantClients();
        String[] session = new String[clients];
        String[] firstIdentifier = new String[clients];
        String[] firstProxy = new String[clients];
        WorkloadResult result = closedLoop("participants", "POST /v1/Services/{KS}/Sessions/{KC}/Participants with only "
                        + "Identifier (the proxy number chosen among " + options.poolSize() + "), two per Session, "
                        + "Sessions from the sessions workload; a completion is a 201",
                clients, client -> {
                    if (session[client] == null) {
                        session[client] = sessionsWithoutParticipants.poll();
                        if (session[client] == null) {
                            return null;
                        }
                        firstIdentifier[client] = newIdentifier();
                        return addParticipant(session[client], firstIdentifier[client]);
                    }
                    return addParticipant(session[client], newIdentifier());
                }, (client, response) -> {
                    if (response.statusCode() != 201) {
                        session[client] = null; // give up on this Session, take the next
                    } else if (firstProxy[client] == null) {
                        firstProxy[client] = Gateway.field(response.body(), "proxy_identifier");
                    } else {
                        pairs.add(new Pair(session[client], firstIdentifier[client], firstProxy[client]));
                        session[client] = null;
                        firstProxy[client] = null;
                    }
                });
        return result;
    }

    /** Inbound SMS at {@code rate} per second; latency = the carrier's receipt of the relayed SMS - the webhook's send. */
    WorkloadResult sms(int rate, FakeCarrier carrier, String carrierToken, String publicUrl, String carrierAccountSid)
            throws InterruptedException {
        record Sent(long nanos, boolean measured) {
        }
        Map<String, Sent> pending = new ConcurrentHashMap<>();
        Latency answerLatency = new Latency();
        LongAdder arrivedInWindow = new LongAdder();
        LongAdder delivered = new LongAdder();
        LongAdder unknownArrivals = new LongAdder();
        LongAdder offered = new LongAdder();
        Window window = new Window(options.warmup(), options.duration());
        carrier.onMessage((body, arrived) -> {
            Sent sent = pending.remove(body);
            if (window.measures(arrived)) {
                arrivedInWindow.increment();
            }
            if (sent == null) {
                unknownArrivals.increment(); // a re-send, or an earlier step's straggler
            } else if (sent.measured()) {
                delivered.increment();
                window.latency.recordNanos(arrived - sent.nanos());
            }
        });
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        Thread sender = new Thread(() -> {
            long period = 1_000_000_000L / rate;
            for (long i = 0; ; i++) {
                long intended = window.start + i * period;
                if (intended >= window.end) {
                    break;
                }
                Window.parkUntil(intended);
                boolean measured = window.measures(intended);
                if (measured) {
                    offered.increment();
                }
                if (!inFlight.tryAcquire()) {
                    if (measured) {
                        window.fail("not sent (" + MAX_IN_FLIGHT + " in flight)");
                    }
                    continue;
                }
                Pair pair = pairs.get((int) (i % pairs.size()));
                String messageSid = String.format("SM%032x", messageSids.incrementAndGet());
                String body = "bench " + messageSid;
                HttpRequest request = gateway.webhook(publicUrl, "/carrier/twilio/messages",
                        sms(pair, body, messageSid, carrierAccountSid), carrierToken);
                pending.put(body, new Sent(intended, measured));
                gateway.sendAsync(request).whenComplete((response, error) -> {
                    inFlight.release();
                    long answered = System.nanoTime();
                    if (!measured) {
                        return;
                    }
                    if (error != null) {
                        window.fail("webhook io");
                        pending.remove(body);
                    } else if (response.statusCode() != 200) {
                        window.fail("webhook " + response.statusCode());
                        pending.remove(body);
                    } else {
                        answerLatency.recordNanos(answered - intended);
                    }
                });
            }
        }, "sms-sender");
        sender.start();
        window.sampleCpu(cpu);
        sender.join();
        long drainStart = System.nanoTime();
        while (pending.values().stream().anyMatch(Sent::measured)
                && System.nanoTime() - drainStart < DRAIN.toNanos()) {
            Thread.sleep(50);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long lost = pending.values().stream().filter(Sent::measured).count();
        if (lost > 0) {
            window.fail("lost (not relayed " + DRAIN.toSeconds() + " s after the window)", lost);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("webhooksOfferedInWindow", offered.sum());
        extra.put("webhooksOfferedPerSecond", offered.sum() / window.seconds());
        extra.put("webhookAnswerLatency", answerLatency.percentiles());
        extra.put("relayedOfWindowWebhooks", delivered.sum());
        extra.put("secondsToDrainAfterWindow", drainSeconds);
        extra.put("carrierRequestsNotMatchingAPendingWebhook", unknownArrivals.sum());
        extra.put("pairs", pairs.size());
        extra.put("services", window.serviceMetrics());
        long completed = arrivedInWindow.sum();
        return new WorkloadResult("sms@" + rate, "signed POST /carrier/twilio/messages (From a participant, To its proxy "
                + "number); a completion is the relayed SMS arriving at the carrier (POST .../Messages.json) in the window; "
                + "latency = its arrival - the webhook's send", "open loop", rate, null, window.seconds(), completed,
                completed / window.seconds(), window.failureCounts(), window.latency.percentiles(), extra,
                window.cpuCores(), null);
    }

    WorkloadResult reads() throws InterruptedException {
        return closedLoop("reads", "GET /v1/Services/{KS}/Sessions/{KC} of a random Session, rate limits off; a "
                + "completion is a 200", options.readClients(), client -> gateway.get("/v1/Services/" + serviceSid
                + "/Sessions/" + sessions.get(ThreadLocalRandom.current().nextInt(sessions.size()))), (c, r) -> { });
    }

    /** Reads at a fixed rate round-robin over {@code targets}, with the gateway's rate limits on. */
    WorkloadResult limitedReads(String name, int rate, List<SessionRef> targets, Duration warmup)
            throws InterruptedException {
        Window window = new Window(warmup, options.duration());
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicInteger next = new AtomicInteger();
        Thread sender = new Thread(() -> {
            long period = 1_000_000_000L / rate;
            for (long i = 0; ; i++) {
                long intended = window.start + i * period;
                if (intended >= window.end) {
                    break;
                }
                Window.parkUntil(intended);
                if (!inFlight.tryAcquire()) {
                    if (window.measures(intended)) {
                        window.fail("not sent (" + MAX_IN_FLIGHT + " in flight)");
                    }
                    continue;
                }
                SessionRef target = targets.get(next.getAndIncrement() % targets.size());
                gateway.sendAsync(gateway.get("/v1/Services/" + target.serviceSid() + "/Sessions/" + target.sessionSid()))
                        .whenComplete((response, error) -> {
                            inFlight.release();
                            long answered = System.nanoTime();
                            if (error != null) {
                                window.error(answered, error);
                            } else {
                                window.answer(intended, answered, response.statusCode());
                            }
                        });
            }
        }, "read-sender");
        sender.start();
        window.sampleCpu(cpu);
        sender.join();
        Thread.sleep(1_000); // the last answers
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("services", targets.size());
        extra.put("offeredPerServicePerSecond", (double) rate / targets.size());
        extra.put("limitPerServicePerSecond", 30);
        extra.put("services", window.serviceMetrics());
        return new WorkloadResult(name, "GET /v1/Services/{KS}/Sessions/{KC} at a fixed rate over " + targets.size()
                + " Service(s) (one rate-limit bucket each), Twilio's limits on (30/s per bucket over 5 s); a completion "
                + "is a 200, a 429 is a failure", "open loop", rate, null, window.seconds(), window.completed.sum(),
                window.completed.sum() / window.seconds(), window.failureCounts(), window.latency.percentiles(), extra,
                window.cpuCores(), null);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** N clients, each sending its next request when the previous one is answered; null from {@code next} = done. */
    private WorkloadResult closedLoop(String name, String what, int clients, IntFunction<HttpRequest> next,
                                      java.util.function.BiConsumer<Integer, HttpResponse<String>> answered)
            throws InterruptedException {
        Window window = new Window(options.warmup(), options.duration());
        AtomicInteger ranOut = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                while (!window.over()) {
                    HttpRequest request = next.apply(client);
                    if (request == null) {
                        ranOut.incrementAndGet();
                        return;
                    }
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = gateway.send(request);
                        window.answer(sent, System.nanoTime(), response.statusCode());
                        answered.accept(client, response);
                    } catch (java.io.IOException e) {
                        window.error(System.nanoTime(), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, name + "-client-" + c);
            thread.start();
            threads.add(thread);
        }
        window.sampleCpu(cpu);
        for (Thread thread : threads) {
            thread.join();
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (ranOut.get() > 0) {
            extra.put("clientsOutOfWork", ranOut.get());
        }
        extra.put("services", window.serviceMetrics());
        long completed = window.completed.sum();
        return new WorkloadResult(name, what, "closed loop", null, clients, window.seconds(), completed,
                completed / window.seconds(), window.failureCounts(), window.latency.percentiles(), extra,
                window.cpuCores(), null);
    }

    private void keepSession(Integer client, HttpResponse<String> response) {
        if (response.statusCode() == 201) {
            keepSession(Gateway.field(response.body(), "sid"));
        }
    }

    private void keepSession(String sid) {
        if (sid != null) {
            sessions.add(sid);
            sessionsWithoutParticipants.add(sid);
        }
    }

    private HttpRequest createSessionRequest() {
        return gateway.post("/v1/Services/" + serviceSid + "/Sessions", Map.of());
    }

    private HttpRequest addParticipant(String session, String identifier) {
        return gateway.post("/v1/Services/" + serviceSid + "/Sessions/" + session + "/Participants",
                Map.of("Identifier", identifier));
    }

    /** A made-up US mobile-style number, unique in the run, so the pair rule never gets in the way. */
    private String newIdentifier() {
        return "+1415" + (3_000_000 + identifiers.getAndIncrement());
    }

    private static Map<String, String> sms(Pair pair, String body, String messageSid, String carrierAccountSid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", messageSid);
        params.put("NumMedia", "0");
        params.put("SmsSid", messageSid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("To", pair.proxy());
        params.put("NumSegments", "1");
        params.put("MessageSid", messageSid);
        params.put("AccountSid", carrierAccountSid);
        params.put("From", pair.from());
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    /** Sends {@code count} set-up requests, 8 at a time; every one must succeed. Returns the created SIDs. */
    List<String> parallel(int count, IntFunction<HttpRequest> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> gateway.call(request.apply(index)).path("sid").asText()));
            }
            List<String> sids = new ArrayList<>();
            for (Future<String> future : futures) {
                sids.add(future.get());
            }
            return sids;
        } finally {
            pool.shutdown();
        }
    }
}
