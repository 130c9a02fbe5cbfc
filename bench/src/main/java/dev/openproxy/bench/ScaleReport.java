package dev.openproxy.bench;

import dev.openproxy.localstack.ProxyService;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The scale run's table (one row per checkpoint) and the trends its verdict is read from. No phone numbers. */
final class ScaleReport {

    /** The query whose rows read show whether the pool's load is counted per request. */
    static final String LOAD_QUERY = "assign: load of the pool (active pairs per number)";
    /** Latency growth below this (ms) over the run is a shared machine's noise. */
    static final double LATENCY_NOISE_MS = 10;
    /** Heap growth below this (MB) over the run is noise (what the services allocate and keep for a while anyway). */
    static final double HEAP_NOISE_MB = 16;
    /** Rows read by a query: growth below this is noise (statistics, a few more rows of a small table). */
    static final double ROWS_NOISE = 200;

    private static final List<ProxyService> MEASURED = List.of(ProxyService.SESSION, ProxyService.PARTICIPANT,
            ProxyService.NUMBER_POOL, ProxyService.ROUTING, ProxyService.GATEWAY);

    private ScaleReport() {
    }

    static String table(List<ScaleCheckpoint> checkpoints) {
        List<String> header = new ArrayList<>(List.of("sessions", "seed/s", "assign p50", "p99", "route p50", "p99",
                "route/s", "failed"));
        MEASURED.forEach(s -> header.add("heap " + s.shortName()));
        header.addAll(List.of("rss participant", "active_pairs", "routing_table", "load query rows / ms", "load"));
        List<String[]> rows = new ArrayList<>();
        rows.add(header.toArray(String[]::new));
        for (ScaleCheckpoint c : checkpoints) {
            List<String> row = new ArrayList<>(List.of(String.format(Locale.ROOT, "%,d", c.sessions()),
                    Report.number(c.seedingPerSecond()), Report.number(c.assignment().p50Ms()),
                    Report.number(c.assignment().p99Ms()), Report.number(c.routing().p50Ms()),
                    Report.number(c.routing().p99Ms()), Report.number(c.routingPerSecond()),
                    Long.toString(c.assignmentFailures().values().stream().mapToLong(Long::longValue).sum()
                            + c.routingFailures().values().stream().mapToLong(Long::longValue).sum())));
            MEASURED.forEach(s -> row.add(Report.number(c.heapMb(s.shortName()))));
            ScaleDatabase.PlanSummary load = c.plan(LOAD_QUERY);
            row.addAll(List.of(Report.number(c.rssMb(ProxyService.PARTICIPANT.shortName())),
                    String.format(Locale.ROOT, "%,d", c.rows(ProxyService.PARTICIPANT.shortName(), "active_pairs")),
                    String.format(Locale.ROOT, "%,d", c.rows(ProxyService.ROUTING.shortName(), "routing_table")),
                    load == null ? "-" : String.format(Locale.ROOT, "%,d / %s", load.rowsRead(),
                            Report.number(load.executionMs())),
                    String.format(Locale.ROOT, "%.1f", c.loadAverage())));
            rows.add(row.toArray(String[]::new));
        }
        return Report.align(rows, 1);
    }

    /** The plans at one checkpoint: one line per query, with its scans. */
    static String plans(ScaleCheckpoint checkpoint) {
        StringBuilder out = new StringBuilder();
        for (ScaleDatabase.PlanSummary plan : checkpoint.plans()) {
            out.append(String.format(Locale.ROOT, "  %-52s %8s rows %8s ms  %s%s%n", plan.query(),
                    String.format(Locale.ROOT, "%,d", plan.rowsRead()), Report.number(plan.executionMs()),
                    String.join("; ", plan.scans()), plan.seqScans().isEmpty() ? "" : "  [SEQ SCAN]"));
        }
        return out.toString();
    }

    /** Latencies, each service's heap after GC, and rows read by each request-path query, against sessions. */
    static List<ScaleVerdict.Trend> trends(List<ScaleCheckpoint> checkpoints, int target) {
        List<ScaleVerdict.Trend> trends = new ArrayList<>();
        trends.add(trend(checkpoints, "assignment p50", "ms", target, c -> c.assignment().p50Ms(), LATENCY_NOISE_MS, 0.5));
        trends.add(trend(checkpoints, "assignment p99", "ms", target, c -> c.assignment().p99Ms(), LATENCY_NOISE_MS, 0.5));
        trends.add(trend(checkpoints, "routing p50", "ms", target, c -> c.routing().p50Ms(), LATENCY_NOISE_MS, 0.5));
        trends.add(trend(checkpoints, "routing p99", "ms", target, c -> c.routing().p99Ms(), LATENCY_NOISE_MS, 0.5));
        for (ProxyService service : MEASURED) {
            trends.add(trend(checkpoints, "heap " + service.shortName(), "MB", target,
                    c -> c.heapMb(service.shortName()), HEAP_NOISE_MB, 0.25));
        }
        for (ScaleDatabase.PathQuery query : ScaleDatabase.QUERIES) {
            trends.add(trend(checkpoints, "rows read by '" + query.name() + "'", "rows", target, c -> {
                ScaleDatabase.PlanSummary plan = c.plan(query.name());
                return plan == null ? Double.NaN : plan.rowsRead();
            }, ROWS_NOISE, 1.0));
        }
        return trends;
    }

    private static ScaleVerdict.Trend trend(List<ScaleCheckpoint> checkpoints, String figure, String unit, int target,
                                            ToDoubleFunction<ScaleCheckpoint> value, double absoluteNoise,
                                            double relativeNoise) {
        List<ScaleVerdict.Point> points = checkpoints.stream()
                .map(c -> new ScaleVerdict.Point(c.sessions(), value.applyAsDouble(c))).toList();
        return ScaleVerdict.trend(figure, unit, points, target, absoluteNoise, relativeNoise);
    }
}
