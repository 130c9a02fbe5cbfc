package dev.openproxy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scale run has done so far, kept next to the stack's data (in the work directory, so a {@code --fresh}
 * wipe takes it with the data it describes): the Service, the next Session index (identifiers derive from it, see
 * {@link ScaleSchedule}), the checkpoints measured, and in a second file the SIDs of the Sessions, which the
 * routing step samples. A run with {@code --scale-reuse=true} reads both and goes on.
 */
final class ScaleState {

    static final String FILE = "scale-state.json";
    static final String SESSIONS_FILE = "scale-sessions.txt";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String serviceSid;
    public int numbers;
    public int reserved;
    public long nextIndex;
    public double seedingSeconds;
    public List<ScaleCheckpoint> checkpoints = new ArrayList<>();

    /** The Sessions created, in order (not in the JSON file: one SID a line in {@link #SESSIONS_FILE}). */
    final transient List<String> sessions = new ArrayList<>();
    private transient Path directory;
    private transient BufferedWriter sessionLog;

    static ScaleState create(Path directory, String serviceSid, int numbers, int reserved) throws IOException {
        ScaleState state = new ScaleState();
        state.serviceSid = serviceSid;
        state.numbers = numbers;
        state.reserved = reserved;
        state.directory = directory;
        Files.deleteIfExists(directory.resolve(SESSIONS_FILE));
        state.save();
        return state;
    }

    static ScaleState load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--scale-reuse=true, but " + file + " does not exist: no earlier scale "
                    + "run to go on from in this work directory");
        }
        ScaleState state = JSON.readValue(file.toFile(), ScaleState.class);
        state.directory = directory;
        Path sessions = directory.resolve(SESSIONS_FILE);
        if (Files.isRegularFile(sessions)) {
            Files.readAllLines(sessions).stream().filter(line -> !line.isBlank()).forEach(state.sessions::add);
        }
        return state;
    }

    /** The last checkpoint's target, -1 before the first. */
    int lastMeasured() {
        return checkpoints.isEmpty() ? -1 : checkpoints.get(checkpoints.size() - 1).target();
    }

    synchronized void addSession(String sid) throws IOException {
        if (sessionLog == null) {
            sessionLog = Files.newBufferedWriter(directory.resolve(SESSIONS_FILE), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        sessions.add(sid);
        sessionLog.write(sid);
        sessionLog.newLine();
    }

    synchronized int sessionCount() {
        return sessions.size();
    }

    synchronized String session(int index) {
        return sessions.get(index);
    }

    synchronized long takeIndex() {
        return nextIndex++;
    }

    /** Writes the state (and flushes the SIDs) atomically enough for a crash: a temporary file, then a rename. */
    synchronized void save() throws IOException {
        if (sessionLog != null) {
            sessionLog.flush();
        }
        Path temporary = directory.resolve(FILE + ".tmp");
        JSON.writeValue(temporary.toFile(), this);
        Files.move(temporary, directory.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    synchronized void close() throws IOException {
        if (sessionLog != null) {
            sessionLog.close();
            sessionLog = null;
        }
    }
}
