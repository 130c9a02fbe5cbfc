package dev.openproxy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's own limit: single-row INSERT commits per second (autocommit, one row per transaction) from a few JDBC
 * connections against the stack's PostgreSQL, in a database of its own. The services' figures are read as a ratio to it.
 */
final class PostgresBaseline {

    static final String DATABASE = "bench_baseline";

    private PostgresBaseline() {
    }

    static WorkloadResult run(String serverJdbcUrl, String databaseJdbcUrl, String user, int connections,
                              Duration warmup, Duration duration, CpuSampler cpu) throws SQLException, InterruptedException {
        Map<String, Object> settings = new LinkedHashMap<>();
        try (Connection admin = DriverManager.getConnection(serverJdbcUrl, user, "");
             Statement statement = admin.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE);
                }
            }
            for (String setting : List.of("synchronous_commit", "fsync", "wal_sync_method", "shared_buffers", "server_version")) {
                try (ResultSet value = statement.executeQuery("SHOW " + setting)) {
                    value.next();
                    settings.put(setting, value.getString(1));
                }
            }
        }
        try (Connection setup = DriverManager.getConnection(databaseJdbcUrl, user, "");
             Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS inserts");
            statement.execute("CREATE TABLE inserts (id bigserial PRIMARY KEY, payload text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now())");
        }
        Window window = new Window(warmup, duration);
        List<Thread> threads = new ArrayList<>();
        List<SQLException> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        String payload = "x".repeat(100);
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(databaseJdbcUrl, user, "");
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO inserts (payload) VALUES (?)")) {
                    connection.setAutoCommit(true);
                    while (!window.over()) {
                        long sent = System.nanoTime();
                        insert.setString(1, payload);
                        insert.executeUpdate();
                        window.answer(sent, System.nanoTime(), 200);
                    }
                } catch (SQLException e) {
                    errors.add(e);
                }
            }, "baseline-" + i);
            thread.start();
            threads.add(thread);
        }
        window.sampleCpu(cpu);
        for (Thread thread : threads) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        long completed = window.completed.sum();
        return new WorkloadResult("pg-insert-baseline", "INSERT of one row, autocommit (one commit per row), "
                + connections + " JDBC connections, same PostgreSQL server as the services", "closed loop", null,
                connections, window.seconds(), completed, completed / window.seconds(), window.failureCounts(),
                window.latency.percentiles(), settings, window.cpuCores(), null);
    }
}
