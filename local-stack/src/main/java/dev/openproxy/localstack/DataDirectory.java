package dev.openproxy.localstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The stack's folder ({@code .proxy-dev/} by default): PostgreSQL's data, Kafka's logs, the credentials, pid files
 * and the logs. Locked while a stack runs on it, and marked so that {@code --fresh} never wipes a folder that is not
 * one of ours.
 */
final class DataDirectory implements AutoCloseable {

    static final String MARKER = ".openproxy-local-stack";
    private static final String LOCK = ".lock";
    private static final String POSTGRES = "postgres";
    private static final String KAFKA = "kafka";
    /** Kept by {@link #wipe()}: the lock held right now, the marker, and the logs a running launcher writes to. */
    private static final Set<String> KEPT_ON_WIPE = Set.of(LOCK, MARKER, ".gitignore", "logs");

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates (or checks) and locks the folder; fails when another stack runs on it. */
    static DataDirectory open(Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Files.createDirectories(root);
        boolean marked = Files.exists(root.resolve(MARKER));
        if (!marked) {
            try (Stream<Path> entries = Files.list(root)) {
                // The launcher may have opened its log in logs/ already.
                if (entries.anyMatch(p -> !Set.of(LOCK, "logs").contains(p.getFileName().toString()))) {
                    throw new LocalStackException(root + " is not empty and is not a local stack's data directory ("
                            + MARKER + " is missing); choose another one");
                }
            }
            Files.writeString(root.resolve(MARKER), "Data of OpenProxy's local stack (proxy-dev); safe to delete.\n");
            // Never committed by accident, wherever it is.
            Files.writeString(root.resolve(".gitignore"), "*\n");
        }
        FileChannel channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new LocalStackException("Another local stack is running with data directory " + root
                    + "; stop it first (Ctrl-C in its terminal) or use another data directory");
        }
        return new DataDirectory(root, channel, lock);
    }

    /**
     * Whether {@code directory} holds a platform that has run: our marker, PostgreSQL's initialised cluster and
     * Kafka's formatted storage. A projection rebuild reads them; it must not make an empty platform instead.
     */
    static boolean holdsPlatform(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        return Files.exists(root.resolve(MARKER)) && Files.exists(root.resolve(POSTGRES).resolve("PG_VERSION"))
                && Files.exists(root.resolve(KAFKA).resolve("data").resolve("meta.properties"));
    }

    /** Whether a launcher holds the folder's lock right now (a platform runs on it). */
    static boolean isLocked(Path directory) throws IOException {
        Path lockFile = directory.toAbsolutePath().normalize().resolve(LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    Path root() {
        return root;
    }

    Path postgres() {
        return root.resolve(POSTGRES);
    }

    Path kafka() {
        return root.resolve(KAFKA);
    }

    Path credentials() {
        return root.resolve("credentials");
    }

    Path webhookSigningKey() {
        return root.resolve("webhook-signing.key");
    }

    Path pidFile(ProxyService service) {
        return root.resolve("run").resolve(service.moduleName() + ".pid");
    }

    /** Deletes all data (databases, Kafka logs, credentials); keeps the logs folder and the lock. */
    void wipe() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                if (!KEPT_ON_WIPE.contains(entry.getFileName().toString())) {
                    deleteRecursively(entry);
                }
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
