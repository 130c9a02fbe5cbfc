package dev.openproxy.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code scale} workload's settings ({@code --scale-*} and {@code --checkpoints}), apart from the other
 * workloads' because the scale run is a different kind of run: it grows one Service to many Sessions and measures
 * at checkpoints on the way, instead of timing one workload for a fixed window.
 *
 * @param sessions            Sessions (two participants each) the Service grows to
 * @param numbers             proxy numbers in the Service
 * @param reserved            of those, how many are reserved (never chosen automatically); Twilio allows 5,000
 *                            reserved and 500 unreserved per Service, so by default everything above 500 is reserved
 * @param checkpoints         measurements after every {@code sessions / checkpoints} Sessions (and one before seeding)
 * @param clients             concurrent clients seeding Sessions (each a CreateSession with two inline participants)
 * @param sample              new participants whose assignment is timed at each checkpoint, one at a time
 * @param sessionsPerIdentifier how many Sessions each shared ("driver") identifier joins, each on a different number
 * @param smsRate             inbound SMS per second of the routing step at each checkpoint (open loop)
 * @param smsDuration         measured length of that step
 * @param reuse               keep the work directory's stack data and the state of an earlier scale run, and go on
 */
record ScaleOptions(int sessions, int numbers, int reserved, int checkpoints, int clients, int sample,
                    int sessionsPerIdentifier, int smsRate, Duration smsDuration, boolean reuse) {

    /** Twilio: "5000 reserved phone numbers and 500 unreserved phone numbers per Proxy Service". */
    static final int TWILIO_MAX_UNRESERVED = 500;
    static final int TWILIO_MAX_RESERVED = 5_000;

    static final List<String> NAMES = List.of("checkpoints", "scale-sessions", "scale-numbers", "scale-reserved",
            "scale-clients", "scale-sample", "scale-sessions-per-identifier", "scale-sms-rate", "scale-sms-duration",
            "scale-reuse");

    static final String USAGE = """
            scale workload (--workloads=scale, alone; see docs/performance.md, "Scale"):
              --scale-sessions=N         Sessions (two participants each) the Service grows to [10000]
              --scale-numbers=N          proxy numbers in the one Service [5500]
              --scale-reserved=N         of those, reserved (not chosen automatically) [numbers - 500: Twilio's limits]
              --checkpoints=N            measurements every sessions/N Sessions, plus one before seeding [10]
              --scale-clients=N          concurrent clients creating Sessions with inline participants [16]
              --scale-sample=N           new participants whose assignment is timed per checkpoint (even) [100]
              --scale-sessions-per-identifier=N  Sessions each shared identifier joins [20]
              --scale-sms-rate=R         inbound SMS/s of the routing step per checkpoint (open loop) [10]
              --scale-sms-duration=S     measured seconds of that step (after 2 s of warm-up) [10]
              --scale-reuse=true         go on from the work directory's earlier scale run (its stack data) [false]
            """;

    static ScaleOptions parse(Map<String, String> given) {
        int numbers = positive(given, "scale-numbers", 5_500);
        int reserved = given.containsKey("scale-reserved") ? Integer.parseInt(given.get("scale-reserved"))
                : Math.max(0, numbers - TWILIO_MAX_UNRESERVED);
        int sample = positive(given, "scale-sample", 100);
        ScaleOptions options = new ScaleOptions(positive(given, "scale-sessions", 10_000), numbers, reserved,
                positive(given, "checkpoints", 10), positive(given, "scale-clients", 16), sample,
                positive(given, "scale-sessions-per-identifier", 20), positive(given, "scale-sms-rate", 10),
                Duration.ofSeconds(positive(given, "scale-sms-duration", 10)),
                Boolean.parseBoolean(given.getOrDefault("scale-reuse", "false")));
        if (reserved < 0 || reserved >= numbers) {
            throw new IllegalArgumentException("--scale-reserved must leave at least one unreserved number");
        }
        if (sample % 2 != 0) {
            throw new IllegalArgumentException("--scale-sample must be even (two participants per Session)");
        }
        if (options.sessionsPerIdentifier > options.unreserved()) {
            throw new IllegalArgumentException("--scale-sessions-per-identifier cannot exceed the unreserved numbers: "
                    + "an identifier needs another proxy number in each of its Sessions");
        }
        if (numbers > 90_000) {
            throw new IllegalArgumentException("--scale-numbers is at most 90000 (numbers are drawn from one area code)");
        }
        return options;
    }

    int unreserved() {
        return numbers - reserved;
    }

    /** True when the pool is larger than Twilio lets a Service hold: the stack's limits are raised to fit it. */
    boolean beyondTwilioLimits() {
        return unreserved() > TWILIO_MAX_UNRESERVED || reserved > TWILIO_MAX_RESERVED;
    }

    private static int positive(Map<String, String> given, String name, int fallback) {
        return BenchOptions.positive(given, name, fallback);
    }
}
