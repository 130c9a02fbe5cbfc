package dev.openproxy.bench;

import java.util.List;
import java.util.Map;

/**
 * What the scale run measured at one checkpoint (also the JSON of the results and of the resumable state).
 *
 * @param target              the scheduled Session count
 * @param sessions            Sessions in the Service when measured (with the timed sample's)
 * @param seedingPerSecond    Sessions created per second since the previous checkpoint (NaN: none created)
 * @param assignment          latency of each timed CreateParticipant (automatic selection), one request at a time
 * @param assignmentFailures  its refused or failed requests, by status
 * @param routing             inbound SMS webhook to the relayed request at the carrier, open loop
 * @param routingPerSecond    relays held in the routing step's window
 * @param routingFailures     its failures by kind
 * @param memory              per service, after a full collection
 * @param tables              per service database: table to {rows (estimate), bytes}
 * @param plans               the request paths' queries as PostgreSQL plans them now
 * @param loadAverage         the machine's one-minute load average when measured
 */
record ScaleCheckpoint(int target, int sessions, double seedingPerSecond, Latency.Percentiles assignment,
                       Map<String, Long> assignmentFailures, Latency.Percentiles routing, double routingPerSecond,
                       Map<String, Long> routingFailures, Map<String, ProcessMemory.Figures> memory,
                       Map<String, Map<String, long[]>> tables, List<ScaleDatabase.PlanSummary> plans,
                       double loadAverage) {

    /** Rows of a table in a service's database; 0 when absent. */
    long rows(String service, String table) {
        long[] figures = tables.getOrDefault(service, Map.of()).get(table);
        return figures == null ? 0 : figures[0];
    }

    /** Megabytes of all tables (with indexes and TOAST) of a service's database. */
    double databaseMb(String service) {
        return tables.getOrDefault(service, Map.of()).values().stream().mapToLong(f -> f[1]).sum() / 1e6;
    }

    double heapMb(String service) {
        ProcessMemory.Figures figures = memory.get(service);
        return figures == null ? Double.NaN : figures.heapAfterGcMb();
    }

    double rssMb(String service) {
        ProcessMemory.Figures figures = memory.get(service);
        return figures == null ? Double.NaN : figures.rssMb();
    }

    ScaleDatabase.PlanSummary plan(String query) {
        return plans.stream().filter(p -> p.query().equals(query)).findFirst().orElse(null);
    }
}
