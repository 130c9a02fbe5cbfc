package dev.openproxy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable table. Holds no phone numbers: results carry only counts, rates and times. */
final class Report {

    private Report() {
    }

    static String table(List<WorkloadResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"workload", "mode", "rate held/s", "target", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                "ok", "failed", "x baseline"});
        for (WorkloadResult r : results) {
            rows.add(new String[] {r.name(), r.clients() != null ? r.clients() + " clients" : "open loop",
                    number(r.rate()), r.targetRate() != null ? r.targetRate() + "/s" : "-", number(r.latency().p50Ms()),
                    number(r.latency().p99Ms()), number(r.latency().p999Ms()), number(r.latency().maxMs()),
                    Long.toString(r.completed()), failures(r.failures()),
                    r.ratioToBaseline() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.ratioToBaseline())});
        }
        return align(rows, 2);
    }

    /** Rows under a header row and a rule; the first {@code textColumns} left-aligned, figures right-aligned. */
    static String align(List<String[]> rows, int textColumns) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                out.append(pad(cell, widths[i], i >= textColumns));
                out.append(i < row.length - 1 ? "  " : "");
            }
            out.append(System.lineSeparator());
            if (r == 0) {
                int total = java.util.Arrays.stream(widths).sum() + 2 * (widths.length - 1);
                out.append("-".repeat(total)).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** The CPU table: cores used per process during each workload's window. */
    static String cpuTable(List<WorkloadResult> results) {
        List<String> columns = new ArrayList<>();
        for (WorkloadResult r : results) {
            r.cpuCores().keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
        }
        StringBuilder out = new StringBuilder(pad("CPU cores", 16, false));
        columns.forEach(c -> out.append("  ").append(pad(c, Math.max(7, c.length()), true)));
        out.append(System.lineSeparator());
        for (WorkloadResult r : results) {
            out.append(pad(r.name(), 16, false));
            for (String c : columns) {
                Double v = r.cpuCores().get(c);
                out.append("  ").append(pad(v == null ? "-" : String.format(Locale.ROOT, "%.2f", v),
                        Math.max(7, c.length()), true));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * Where the time went: per workload and service, requests served (mean ms), Axon commands (mean ms), Kafka
     * sends (mean ms) and the wait for a database connection (mean ms per acquisition, total seconds).
     */
    @SuppressWarnings("unchecked")
    static String serviceTable(List<WorkloadResult> results) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s  %-12s  %16s  %16s  %16s  %24s%n",
                "inside services", "service", "http n / ms", "commands n / ms", "kafka sends / ms",
                "db conn wait n / ms / s"));
        for (WorkloadResult r : results) {
            if (!(r.extra().get("services") instanceof Map<?, ?> services)) {
                continue;
            }
            ((Map<String, Map<String, Object>>) services).forEach((service, f) -> out.append(String.format(Locale.ROOT,
                    "%-16s  %-12s  %16s  %16s  %16s  %24s%n", r.name(), service,
                    pair(f, "http"), pair(f, "command"), pair(f, "kafkaSend"),
                    f.containsKey("dbConnectionWaitCount") ? pair(f, "dbConnectionWait") + " / "
                            + f.get("dbConnectionWaitTotalSeconds") : "-")));
        }
        return out.toString();
    }

    private static String pair(Map<String, Object> figures, String timer) {
        Object count = figures.get(timer + "Count");
        return count == null ? "-" : count + " / " + figures.get(timer + "MeanMs");
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String failures(Map<String, Long> failures) {
        if (failures.isEmpty()) {
            return "0";
        }
        return failures.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static String pad(String value, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - value.length()));
        return right ? spaces + value : value + spaces;
    }
}
