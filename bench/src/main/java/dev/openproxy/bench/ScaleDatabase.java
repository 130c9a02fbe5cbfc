package dev.openproxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.localstack.ProxyService;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the services' databases look like at a checkpoint: the size of every table, and the plans PostgreSQL
 * chooses for the queries on the participant-assignment and routing paths ({@code EXPLAIN (ANALYZE, FORMAT JSON)},
 * with parameter values taken from the tables themselves). A plan is kept only as a summary (scan types, relations,
 * indexes, rows read, time): the plans' conditions hold the parameter values, which are phone numbers.
 */
final class ScaleDatabase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One query the request paths run, as the service runs it, with where its parameters come from. */
    record PathQuery(String name, ProxyService service, String sql, String parametersSql) {
    }

    /** The Service of the pool (the run has one). */
    private static final String POOL_SERVICE = "SELECT service_sid FROM pool_numbers LIMIT 1";
    /** The shared identifier with the most active pairs: the worst case of the per-identifier lookups. */
    private static final String BUSIEST_DIGEST =
            "(SELECT identifier_digest FROM active_pairs GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)";

    /**
     * The queries, copied from the services (ActivePairs, DirectoryRepository, ParticipantRepository,
     * PoolUsageRepository, RoutingRepository); their parameter queries pick the busiest shared identifier, a
     * number it uses, and a route of it. Keep in step with those classes.
     */
    static final List<PathQuery> QUERIES = List.of(
            new PathQuery("assign: pool of the Service (unreserved)", ProxyService.PARTICIPANT,
                    "SELECT * FROM pool_numbers WHERE service_sid = ? AND (NOT reserved OR sid = "
                            + "(SELECT min(sid) FROM pool_numbers WHERE service_sid = ? AND reserved)) ORDER BY sid",
                    "SELECT service_sid, service_sid FROM (" + POOL_SERVICE + ") s"),
            new PathQuery("assign: load of the pool (active pairs per number)", ProxyService.PARTICIPANT,
                    "SELECT l.proxy_number_sid, sum(l.active_pairs) AS n FROM pool_number_load l JOIN pool_numbers p "
                            + "ON p.sid = l.proxy_number_sid WHERE p.service_sid = ? AND NOT p.reserved "
                            + "GROUP BY l.proxy_number_sid",
                    POOL_SERVICE),
            new PathQuery("assign: numbers the identifier uses", ProxyService.PARTICIPANT,
                    "SELECT proxy_number_sid FROM active_pairs WHERE identifier_digest = ?",
                    "SELECT " + BUSIEST_DIGEST),
            new PathQuery("assign: pair check (holder of the pair)", ProxyService.PARTICIPANT,
                    "SELECT session_sid FROM active_pairs WHERE identifier_digest = ? AND proxy_number_sid = ?",
                    "SELECT identifier_digest, proxy_number_sid FROM active_pairs WHERE identifier_digest = "
                            + BUSIEST_DIGEST + " LIMIT 1"),
            new PathQuery("assign: identifier's most recent number (sticky)", ProxyService.PARTICIPANT,
                    "SELECT proxy_identifier_sid FROM participants WHERE service_sid = ? AND identifier_digest = ? "
                            + "AND proxy_identifier_sid IS NOT NULL ORDER BY date_created DESC, sid DESC LIMIT 1",
                    "SELECT service_sid, identifier_digest FROM participants WHERE identifier_digest = "
                            + BUSIEST_DIGEST + " LIMIT 1"),
            new PathQuery("assign: session status", ProxyService.PARTICIPANT,
                    "SELECT status FROM known_sessions WHERE sid = ?",
                    "SELECT sid FROM known_sessions LIMIT 1"),
            new PathQuery("pool: in_use recount of a number", ProxyService.NUMBER_POOL,
                    "SELECT count(DISTINCT a.session_sid) AS sessions, count(a.participant_sid) AS participants "
                            + "FROM participant_assignments a WHERE a.phone_number_sid = ? AND coalesce("
                            + "(SELECT s.state FROM session_states s WHERE s.session_sid = a.session_sid), 'active') "
                            + "= 'active'",
                    "SELECT phone_number_sid FROM participant_assignments GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"),
            new PathQuery("route: proxy number's Service", ProxyService.ROUTING,
                    "SELECT service_sid FROM known_numbers WHERE phone_number = ?",
                    "SELECT proxy_identifier FROM routing_table LIMIT 1"),
            new PathQuery("route: sender's session on the number", ProxyService.ROUTING,
                    "SELECT r.participant_sid, r.session_sid, r.service_sid, r.account_sid, s.mode, s.status "
                            + "FROM routing_table r JOIN known_sessions s ON s.sid = r.session_sid "
                            + "WHERE r.identifier = ? AND r.proxy_identifier = ? AND NOT r.removed "
                            + "AND s.status IN ('open', 'in-progress') ORDER BY r.session_sid LIMIT 1",
                    "SELECT identifier, proxy_identifier FROM routing_table WHERE identifier = (SELECT identifier "
                            + "FROM routing_table GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) LIMIT 1"),
            new PathQuery("route: the other participant", ProxyService.ROUTING,
                    "SELECT participant_sid, identifier, proxy_identifier FROM routing_table WHERE session_sid = ? "
                            + "AND participant_sid <> ? AND NOT removed ORDER BY removed, participant_sid LIMIT 1",
                    "SELECT session_sid, participant_sid FROM routing_table LIMIT 1"));

    /**
     * @param scans     "Index Scan on active_pairs using active_pairs_pair", ... in plan order
     * @param rowsRead  rows the scans returned or filtered out, over all loops: the work that could grow
     * @param seqScans  relations read whole
     */
    record PlanSummary(String query, String service, List<String> scans, long rowsRead, List<String> seqScans,
                       double executionMs) {
    }

    private final Function<ProxyService, String> jdbcUrls;
    private final String user;

    ScaleDatabase(Function<ProxyService, String> jdbcUrls, String user) {
        this.jdbcUrls = jdbcUrls;
        this.user = user;
    }

    /** Per service database: table name to {rows, bytes} (estimates refreshed by ANALYZE). */
    Map<String, Map<String, long[]>> tables() throws SQLException {
        Map<String, Map<String, long[]>> all = new LinkedHashMap<>();
        for (ProxyService service : List.of(ProxyService.SESSION, ProxyService.PARTICIPANT, ProxyService.NUMBER_POOL,
                ProxyService.ROUTING)) {
            Map<String, long[]> tables = new LinkedHashMap<>();
            try (Connection connection = connect(service); Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE");
                try (ResultSet rs = statement.executeQuery("SELECT c.relname, c.reltuples::bigint AS row_estimate, "
                        + "pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = "
                        + "c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY bytes DESC")) {
                    while (rs.next()) {
                        tables.put(rs.getString(1), new long[] {Math.max(0, rs.getLong(2)), rs.getLong(3)});
                    }
                }
            }
            all.put(service.shortName(), tables);
        }
        return all;
    }

    /** The plan of every {@link #QUERIES} entry whose parameter query finds a row (after {@link #tables()}'s ANALYZE). */
    List<PlanSummary> plans() throws SQLException {
        List<PlanSummary> plans = new ArrayList<>();
        for (PathQuery query : QUERIES) {
            try (Connection connection = connect(query.service())) {
                List<Object> parameters = firstRow(connection, query.parametersSql());
                if (parameters == null) {
                    continue;
                }
                try (PreparedStatement explain = connection.prepareStatement(
                        "EXPLAIN (ANALYZE, FORMAT JSON) " + query.sql())) {
                    for (int i = 0; i < parameters.size(); i++) {
                        explain.setObject(i + 1, parameters.get(i));
                    }
                    try (ResultSet rs = explain.executeQuery()) {
                        rs.next();
                        plans.add(summarise(query.name(), query.service().shortName(), rs.getString(1)));
                    }
                }
            }
        }
        return plans;
    }

    static PlanSummary summarise(String query, String service, String explainJson) {
        JsonNode root;
        try {
            root = JSON.readTree(explainJson).get(0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("EXPLAIN gave no JSON", e);
        }
        List<String> scans = new ArrayList<>();
        List<String> seqScans = new ArrayList<>();
        long[] rows = new long[1];
        walk(root.path("Plan"), scans, seqScans, rows);
        return new PlanSummary(query, service, scans, rows[0], seqScans, root.path("Execution Time").asDouble(Double.NaN));
    }

    private static void walk(JsonNode node, List<String> scans, List<String> seqScans, long[] rows) {
        if (node.has("Relation Name")) {
            String type = node.path("Node Type").asText();
            String relation = node.path("Relation Name").asText();
            scans.add(type + " on " + relation + (node.has("Index Name") ? " using " + node.path("Index Name").asText() : ""));
            if (type.equals("Seq Scan")) {
                seqScans.add(relation);
            }
            long loops = Math.max(1, node.path("Actual Loops").asLong(1));
            rows[0] += (node.path("Actual Rows").asLong(0) + node.path("Rows Removed by Filter").asLong(0)
                    + node.path("Rows Removed by Index Recheck").asLong(0)) * loops;
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, scans, seqScans, rows);
        }
    }

    private static List<Object> firstRow(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            return row;
        }
    }

    private Connection connect(ProxyService service) throws SQLException {
        return DriverManager.getConnection(jdbcUrls.apply(service), user, "");
    }
}
