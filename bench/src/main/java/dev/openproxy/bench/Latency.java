package dev.openproxy.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from many threads (HdrHistogram's {@link Recorder}), in microseconds up to an hour, three
 * significant digits.
 */
final class Latency {

    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);

    void recordNanos(long nanos) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
    }

    /** Everything recorded so far. */
    synchronized Percentiles percentiles() {
        total.add(recorder.getIntervalHistogram());
        return Percentiles.of(total);
    }

    /** p50, p99, p99.9, max and mean in milliseconds; {@code count} values. */
    record Percentiles(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {

        static final Percentiles NONE = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);

        static Percentiles of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return NONE;
            }
            return new Percentiles(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                    ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                    ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), micros.getMean() / 1000.0);
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }
}
