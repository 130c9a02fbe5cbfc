package dev.openproxy.bench;

import java.util.Map;

/**
 * One measured workload.
 *
 * @param name        short name, also the JSON key
 * @param what        one line: what was sent and what a completion is
 * @param mode        "open loop" (requests at a fixed rate, whatever the answers) or "closed loop" (N clients, each
 *                    sends its next request when the previous one is answered)
 * @param targetRate  requests per second offered (open loop), else null
 * @param clients     concurrent clients (closed loop), else null
 * @param seconds     length of the measured window
 * @param completed   successful completions inside the window
 * @param rate        {@code completed / seconds}: the rate held
 * @param failures    unsuccessful answers in the window by kind (HTTP status, "io", "lost", ...)
 * @param latency     of the completions
 * @param extra       workload-specific figures (e.g. the webhook's own answer time)
 * @param cpuCores    CPU used in the window, in cores, by process (the machine's total under "machine")
 * @param ratioToBaseline {@code rate} divided by the PostgreSQL INSERT commits per second (null without a baseline)
 */
record WorkloadResult(String name, String what, String mode, Integer targetRate, Integer clients, double seconds,
                      long completed, double rate, Map<String, Long> failures, Latency.Percentiles latency,
                      Map<String, Object> extra, Map<String, Double> cpuCores, Double ratioToBaseline) {

    WorkloadResult withRatio(Double baselineRate) {
        Double ratio = baselineRate == null || baselineRate <= 0 ? null : rate / baselineRate;
        return new WorkloadResult(name, what, mode, targetRate, clients, seconds, completed, rate, failures, latency,
                extra, cpuCores, ratio);
    }

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
