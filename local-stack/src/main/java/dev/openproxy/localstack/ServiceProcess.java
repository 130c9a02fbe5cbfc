package dev.openproxy.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One service as a child JVM: started with its output in a log file, probed on its readiness endpoint, stopped
 * with SIGTERM (Spring's graceful shutdown) and, after a grace period, killed. A pid file lets the next run stop a
 * child that outlived a launcher killed with SIGKILL.
 */
public final class ServiceProcess {

    /** What a readiness probe saw. */
    public enum State { STARTING, READY, EXITED }

    private static final Pattern SECRET_ARGUMENT = Pattern.compile("(?i)(--[^=]*(token|password|secret)[^=]*=).*");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Path pidFile;
    private final URI readinessUri;
    private volatile Process process;
    private volatile long startedAt;

    public ServiceProcess(String name, List<String> command, Path logFile, Path pidFile, URI readinessUri) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.readinessUri = readinessUri;
    }

    /**
     * Starts the child. {@code appendLog} keeps what an earlier process of this service wrote (a restart); otherwise
     * the log starts empty.
     */
    public synchronized void start(boolean appendLog) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        String header = "==== " + OffsetDateTime.now() + " starting " + name + ": " + String.join(" ", printableCommand())
                + System.lineSeparator();
        if (appendLog) {
            Files.writeString(logFile, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } else {
            Files.writeString(logFile, header, StandardCharsets.UTF_8);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        startedAt = System.nanoTime();
        Process started = builder.start();
        started.getOutputStream().close();
        process = started;
        if (pidFile != null) {
            Files.createDirectories(pidFile.toAbsolutePath().getParent());
            Files.writeString(pidFile, started.pid() + System.lineSeparator() + name + System.lineSeparator(),
                    StandardCharsets.UTF_8);
        }
    }

    /** One probe: READY when the readiness endpoint answers 200, EXITED when the process is gone. */
    public State probe() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return State.EXITED;
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(readinessUri)
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("UP") ? State.READY : State.STARTING;
        } catch (IOException e) {
            return current.isAlive() ? State.STARTING : State.EXITED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return State.STARTING;
        }
    }

    /** Probes until READY; fails when the process exits or the timeout passes. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            State state = probe();
            if (state == State.READY) {
                return;
            }
            if (state == State.EXITED) {
                throw new LocalStackException(exitMessage());
            }
            if (System.nanoTime() > deadline) {
                throw new LocalStackException(name + " was not ready within " + timeout.toSeconds() + " s. "
                        + logExcerpt());
            }
            sleep(250);
        }
    }

    /** Waits until a child that runs to its end (a projection rebuild) exits; returns its exit code. */
    public int awaitExit() throws InterruptedException {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " was not started");
        }
        int exitCode = current.waitFor();
        deletePidFile();
        return exitCode;
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public Optional<Long> pid() {
        Process current = process;
        return current == null ? Optional.empty() : Optional.of(current.pid());
    }

    public Optional<Integer> exitCode() {
        Process current = process;
        return current == null || current.isAlive() ? Optional.empty() : Optional.of(current.exitValue());
    }

    /** Seconds since {@link #start}. */
    public double secondsSinceStart() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    /** Stops the child: SIGTERM, then after {@code grace} SIGKILL. Returns when it has exited. */
    public synchronized void stop(Duration grace) {
        Process current = process;
        if (current == null) {
            return;
        }
        stopProcess(current.toHandle(), grace);
        try {
            current.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deletePidFile();
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hooks, no graceful shutdown. */
    public synchronized void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        try {
            current.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deletePidFile();
    }

    /** Sends SIGTERM now; {@link #stop} finishes the job. Lets several children shut down side by side. */
    public void requestStop() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.descendants().forEach(ProcessHandle::destroy);
            current.destroy();
        }
    }

    static void stopProcess(ProcessHandle handle, Duration grace) {
        List<ProcessHandle> descendants = handle.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller through isAlive()
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            handle.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Stops a child left by an earlier launcher that was killed before it could stop it. Only a Java process whose
     * command line names the same jar is touched: a pid may have been reused by something else.
     */
    static Optional<Long> stopLeftover(Path pidFile, String expectedInCommandLine, Duration grace) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        Optional<Long> stopped = Optional.empty();
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
            Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(expectedInCommandLine)).orElse(false));
            if (leftover.isPresent()) {
                stopProcess(leftover.get(), grace);
                stopped = Optional.of(pid);
            }
        } catch (IOException | RuntimeException ignored) {
            // unreadable pid file: nothing to stop
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // harmless
        }
        return stopped;
    }

    private void deletePidFile() {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stale pid file is checked before use
            }
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public URI readinessUri() {
        return readinessUri;
    }

    List<String> command() {
        return command;
    }

    /** The command with secrets (tokens, passwords) masked, for logs and messages. */
    public List<String> printableCommand() {
        return command.stream().map(a -> SECRET_ARGUMENT.matcher(a).matches()
                ? SECRET_ARGUMENT.matcher(a).replaceFirst("$1****") : a).toList();
    }

    String exitMessage() {
        return name + " exited during start-up" + exitCode().map(c -> " with code " + c).orElse("") + ". "
                + logExcerpt();
    }

    String logExcerpt() {
        return "Last lines of " + logFile + ":" + System.lineSeparator() + tail(40);
    }

    /** The last {@code lines} lines of the log (read from the end, so a large log costs nothing). */
    public String tail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - 256 * 1024);
            raf.seek(from);
            byte[] bytes = new byte[(int) (length - from)];
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            Deque<String> last = new ArrayDeque<>();
            for (String line : text.split("\\R")) {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
            return String.join(System.lineSeparator(), last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for a service");
        }
    }
}
