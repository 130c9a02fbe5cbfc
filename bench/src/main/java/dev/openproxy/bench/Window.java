package dev.openproxy.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The time line of one workload on {@link System#nanoTime()}: warm-up from {@code start}, then the measured window
 * from {@code measureFrom} to {@code end}. Also the counters a workload fills while it runs.
 */
final class Window {

    final long start;
    final long measureFrom;
    final long end;
    final Latency latency = new Latency();
    final LongAdder completed = new LongAdder();
    final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private Map<String, Long> cpuBefore;
    private Map<String, Long> cpuAfter;
    private ServiceMetrics metrics;
    private Map<dev.openproxy.localstack.ProxyService, Map<String, double[]>> metricsBefore;
    private Map<dev.openproxy.localstack.ProxyService, Map<String, double[]>> metricsAfter;

    Window(Duration warmup, Duration duration) {
        start = System.nanoTime();
        measureFrom = start + warmup.toNanos();
        end = measureFrom + duration.toNanos();
    }

    boolean measures(long nanos) {
        return nanos >= measureFrom && nanos < end;
    }

    boolean over() {
        return System.nanoTime() >= end;
    }

    double seconds() {
        return (end - measureFrom) / 1e9;
    }

    void fail(String kind) {
        fail(kind, 1);
    }

    void fail(String kind, long count) {
        failures.computeIfAbsent(kind, k -> new LongAdder()).add(count);
    }

    /** Records one answer that came back at {@code answered}, if it falls in the window. */
    void answer(long sent, long answered, int status) {
        if (!measures(answered)) {
            return;
        }
        if (status / 100 == 2) {
            completed.increment();
            latency.recordNanos(answered - sent);
        } else {
            fail(Integer.toString(status));
        }
    }

    void error(long answered, Throwable e) {
        if (measures(answered)) {
            fail("io");
        }
    }

    /** Blocks the caller while the window runs, sampling CPU (and the services' metrics, if any) at its edges. */
    void sampleCpu(CpuSampler sampler) {
        parkUntil(measureFrom);
        cpuBefore = sampler.sample();
        metrics = sampler.metrics();
        if (metrics != null) {
            metricsBefore = metrics.sample();
        }
        parkUntil(end);
        cpuAfter = sampler.sample();
        if (metrics != null) {
            metricsAfter = metrics.sample();
        }
    }

    /** What each service did in the window (see {@link ServiceMetrics#delta}). */
    Map<String, Map<String, Object>> serviceMetrics() {
        return metricsBefore == null || metricsAfter == null ? Map.of()
                : ServiceMetrics.delta(metricsBefore, metricsAfter);
    }

    Map<String, Double> cpuCores() {
        return cpuBefore == null || cpuAfter == null ? Map.of()
                : CpuSampler.cores(cpuBefore, cpuAfter, Duration.ofNanos(end - measureFrom));
    }

    Map<String, Long> failureCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        failures.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    static void parkUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
