package dev.openproxy.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service's projection rebuild printed (service-support's {@code RebuildLifecycleProcessor.report}): a
 * title line {@code Projections of <service> rebuilt:}, a header, and one row per projection with its events,
 * seconds and events/s. The lines hold projection and topic names and counts only, never a phone number.
 *
 * @param lines         the printed block, as printed
 * @param events        events replayed, over all the service's projections
 * @param replayTime    time spent replaying, over all its projections (the JVM's start-up not included)
 */
record RebuildSummary(List<String> lines, long events, Duration replayTime) {

    /** {@code <projection> <from, may hold spaces> <events> <seconds> <events/s>}; seconds in the JVM's locale. */
    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(.+?)\\s+(\\d+)\\s+(\\d+[.,]\\d+)\\s+(\\d+)\\s*$");

    RebuildSummary {
        lines = List.copyOf(lines);
    }

    /** The last summary of {@code service} in {@code output}, if the rebuild got as far as printing it. */
    static Optional<RebuildSummary> find(ProxyService service, String output) {
        List<String> all = output.lines().toList();
        String title = "Projections of " + service.moduleName() + " rebuilt:";
        int start = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).trim().equals(title)) {
                start = i;
            }
        }
        if (start < 0 || start + 1 >= all.size() || !all.get(start + 1).trim().startsWith("projection")) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>(List.of(all.get(start), all.get(start + 1)));
        long events = 0;
        long replayMillis = 0;
        for (int i = start + 2; i < all.size(); i++) {
            Matcher row = ROW.matcher(all.get(i));
            if (!row.matches()) {
                break;
            }
            lines.add(all.get(i));
            events += Long.parseLong(row.group(3));
            replayMillis += Math.round(Double.parseDouble(row.group(4).replace(',', '.')) * 1000);
        }
        return Optional.of(new RebuildSummary(lines, events, Duration.ofMillis(replayMillis)));
    }

    /** As the services count it: events per second of replay, at least one millisecond of it. */
    static long eventsPerSecond(long events, Duration time) {
        return events * 1000 / Math.max(1, time.toMillis());
    }
}
