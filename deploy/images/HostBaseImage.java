import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Assembles a Java 17 base image from this machine, for Jib's {@code tar://} base, where no container registry can be
 * reached. Needs only a JDK 17 with its {@code jmods} (for {@code jlink}) and {@code ldd}:
 *
 * <pre>java deploy/images/HostBaseImage.java target/host-base-image.tar</pre>
 *
 * (or {@code ./mvnw -B -Pimages,host-base-image package -DskipTests}, which runs it first). One layer: a
 * {@code jlink}ed runtime in {@code /opt/java/openjdk}, the host's shared libraries it links against (found with
 * {@code ldd}), {@code /etc/passwd} and {@code /etc/group} with the user 10001, the host's CA certificates, the
 * {@code C.UTF-8} locale, {@code /etc/hosts} and {@code /tmp}. Written in {@code docker save}'s layout (manifest.json,
 * config, an uncompressed layer), which is what Jib 3.5's {@code LocalBaseImageSteps} reads. Timestamps are fixed,
 * so the same host gives the same image.
 */
public final class HostBaseImage {

    static final String JAVA_HOME = "opt/java/openjdk";
    static final int APP_UID = 10001;

    /**
     * What Spring Boot, Axon, Kafka's client, Hikari, the PostgreSQL driver and Micrometer touch (java.desktop for
     * java.beans, jdk.unsupported for Unsafe, jdk.management for the process metrics, java.security.sasl and
     * jdk.security.auth for Kafka's SASL login modules, jdk.crypto.ec for TLS).
     */
    static final List<String> MODULES = List.of("java.base", "java.compiler", "java.desktop", "java.instrument",
            "java.logging", "java.management", "java.naming", "java.net.http", "java.prefs", "java.rmi",
            "java.scripting", "java.security.jgss", "java.security.sasl", "java.sql", "java.transaction.xa",
            "java.xml", "jdk.charsets", "jdk.crypto.ec", "jdk.jfr", "jdk.management", "jdk.naming.dns", "jdk.net",
            "jdk.security.auth", "jdk.unsupported", "jdk.zipfs");

    private static final long MTIME = 1; // as Jib's own layers: not the epoch itself, which some tools treat as unset

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java deploy/images/HostBaseImage.java <output.tar>");
            System.exit(2);
        }
        Path output = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createTempDirectory("openproxy-base-image");
        try {
            Path runtime = jlink(work.resolve("runtime"));
            Layer layer = new Layer();
            layer.addTree(runtime, JAVA_HOME);
            Set<String> libraryDirectories = addSharedLibraries(layer, runtime);
            addSystemFiles(layer);
            boolean utf8Locale = layer.addHostTreeIfPresent(Path.of("/usr/lib/locale/C.utf8"), "usr/lib/locale/C.utf8");
            Files.createDirectories(output.getParent());
            new DockerArchive(layer, environment(libraryDirectories, utf8Locale)).write(output, work);
            System.out.println("base image " + output + " (" + Files.size(output) / (1024 * 1024) + " MiB, "
                    + layer.size() + " entries)");
        } finally {
            deleteTree(work);
        }
    }

    private static Path jlink(Path runtime) throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jlink = javaHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink) || !Files.isDirectory(javaHome.resolve("jmods"))) {
            throw new IllegalStateException(javaHome + " has no jlink or no jmods: run this with a full JDK 17");
        }
        run(List.of(jlink.toString(), "--add-modules", String.join(",", MODULES), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--compress=2", "--output", runtime.toString()));
        Path cacerts = runtime.resolve("lib/security/cacerts");
        Path hostCacerts = javaHome.resolve("lib/security/cacerts").toRealPath();
        // Some distributions' jmods carry an empty or placeholder keystore and link the real one from /etc.
        if (Files.isRegularFile(hostCacerts) && Files.size(hostCacerts) > Files.size(cacerts)) {
            Files.copy(hostCacerts, cacerts, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return runtime;
    }

    /** Every library ldd names for the runtime's executables and libraries, stored at the path ldd printed. */
    private static Set<String> addSharedLibraries(Layer layer, Path runtime) throws IOException, InterruptedException {
        Set<String> libraries = new TreeSet<>();
        List<Path> binaries;
        try (Stream<Path> files = Files.walk(runtime)) {
            binaries = files.filter(Files::isRegularFile)
                    .filter(file -> file.getParent().endsWith("bin") || file.getFileName().toString().endsWith(".so"))
                    .collect(Collectors.toList());
        }
        Set<String> ownLibraries = binaries.stream().map(binary -> binary.getFileName().toString())
                .collect(Collectors.toSet());
        for (Path binary : binaries) {
            for (String line : run(List.of("ldd", binary.toString())).split("\n")) {
                String library = libraryPath(line.trim());
                String name = line.trim().split(" ")[0];
                if (library != null && !library.startsWith(runtime.toString())) {
                    libraries.add(library);
                } else if (line.contains("not found") && !ownLibraries.contains(name)) {
                    // (libjvm.so is the runtime's own, found through the launcher.) What else misses on a headless
                    // host is a desktop library (X11, fonts) that the services never load.
                    System.out.println("left out, not on this host: " + name + " (for " + runtime.relativize(binary) + ")");
                }
            }
        }
        Set<String> directories = new TreeSet<>();
        for (String library : libraries) {
            layer.addHostFile(Path.of(library).toRealPath(), library.substring(1), 0755);
            directories.add(Path.of(library).getParent().toString());
        }
        return directories;
    }

    /** "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)". */
    static String libraryPath(String lddLine) {
        String candidate = lddLine.contains("=>") ? lddLine.substring(lddLine.indexOf("=>") + 2).trim() : lddLine;
        int address = candidate.indexOf(" (0x");
        if (address > 0) {
            candidate = candidate.substring(0, address);
        }
        return candidate.startsWith("/") ? candidate : null;
    }

    private static void addSystemFiles(Layer layer) throws IOException {
        layer.addText("etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\n"
                + "openproxy:x:" + APP_UID + ":" + APP_UID + ":OpenProxy:/home/openproxy:/sbin/nologin\n", 0644);
        layer.addText("etc/group", "root:x:0:\nopenproxy:x:" + APP_UID + ":\n", 0644);
        // Kubernetes mounts its own /etc/hosts and resolv.conf; these make "localhost" work anywhere else.
        layer.addText("etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n", 0644);
        layer.addText("etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n", 0644);
        layer.addHostTreeIfPresent(Path.of("/etc/ssl/certs/ca-certificates.crt"), "etc/ssl/certs/ca-certificates.crt");
        layer.addDirectory("tmp", 01777, 0);
        layer.addDirectory("root", 0700, 0);
        layer.addDirectory("home/openproxy", 0755, APP_UID);
    }

    private static List<String> environment(Set<String> libraryDirectories, boolean utf8Locale) {
        List<String> environment = new ArrayList<>();
        environment.add("PATH=/" + JAVA_HOME + "/bin:/usr/bin:/bin");
        environment.add("JAVA_HOME=/" + JAVA_HOME);
        // The host's dynamic loader would find its libraries through /etc/ld.so.cache, which the image has not.
        environment.add("LD_LIBRARY_PATH=" + String.join(":", libraryDirectories));
        if (utf8Locale) {
            environment.add("LANG=C.UTF-8"); // Java 17 takes file.encoding from the locale
        }
        return environment;
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }

    /** The files of the image's one layer, by path inside the image (no leading slash). */
    static final class Layer {
        private final Map<String, Entry> entries = new TreeMap<>();

        int size() {
            return entries.size();
        }

        void addTree(Path source, String target) throws IOException {
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : paths.collect(Collectors.toList())) {
                    String name = path.equals(source) ? target : target + "/" + source.relativize(path);
                    if (Files.isSymbolicLink(path)) {
                        addParents(name);
                        entries.put(name, Entry.symlink(Files.readSymbolicLink(path).toString()));
                    } else if (Files.isDirectory(path)) {
                        addDirectory(name, mode(path), 0);
                    } else {
                        addHostFile(path, name, mode(path));
                    }
                }
            }
        }

        boolean addHostTreeIfPresent(Path source, String target) throws IOException {
            if (!Files.exists(source)) {
                System.out.println("not on this host, left out: " + source);
                return false;
            }
            if (Files.isDirectory(source)) {
                addTree(source, target);
            } else {
                addHostFile(source.toRealPath(), target, 0644);
            }
            return true;
        }

        void addHostFile(Path source, String name, int mode) {
            addParents(name);
            entries.put(name, Entry.file(source, null, mode));
        }

        void addText(String name, String text, int mode) {
            addParents(name);
            entries.put(name, Entry.file(null, text.getBytes(StandardCharsets.UTF_8), mode));
        }

        void addDirectory(String name, int mode, int uid) {
            addParents(name);
            entries.put(name, Entry.directory(mode, uid));
        }

        private void addParents(String name) {
            int slash = name.lastIndexOf('/');
            if (slash > 0 && !entries.containsKey(name.substring(0, slash))) {
                addDirectory(name.substring(0, slash), 0755, 0);
            }
        }

        void writeTo(OutputStream out) throws IOException {
            Tar tar = new Tar(out);
            for (Map.Entry<String, Entry> named : entries.entrySet()) {
                named.getValue().writeTo(tar, named.getKey());
            }
            tar.finish();
        }

        private static int mode(Path path) throws IOException {
            int mode = 0;
            for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
                mode |= 1 << (8 - permission.ordinal()); // OWNER_READ is ordinal 0 = 0400
            }
            return mode;
        }
    }

    private record Entry(char type, Path source, byte[] content, String linkTarget, int mode, int uid) {
        static Entry file(Path source, byte[] content, int mode) {
            return new Entry('0', source, content, "", mode, 0);
        }

        static Entry directory(int mode, int uid) {
            return new Entry('5', null, null, "", mode, uid);
        }

        static Entry symlink(String target) {
            return new Entry('2', null, null, target, 0777, 0);
        }

        void writeTo(Tar tar, String name) throws IOException {
            switch (type) {
                case '5' -> tar.header(name + "/", type, mode, uid, 0, "");
                case '2' -> tar.header(name, type, mode, uid, 0, linkTarget);
                default -> {
                    if (content != null) {
                        tar.header(name, type, mode, uid, content.length, "");
                        tar.body(new java.io.ByteArrayInputStream(content), content.length);
                    } else {
                        long size = Files.size(source);
                        tar.header(name, type, mode, uid, size, "");
                        try (InputStream in = Files.newInputStream(source)) {
                            tar.body(in, size);
                        }
                    }
                }
            }
        }
    }

    /** A POSIX ustar writer: all that a base layer needs (names fit ustar's 100 + 155 characters). */
    static final class Tar {
        private final OutputStream out;

        Tar(OutputStream out) {
            this.out = out;
        }

        void header(String name, char type, int mode, int uid, long size, String linkTarget) throws IOException {
            byte[] header = new byte[512];
            String prefix = "";
            String shortName = name;
            if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
                int split = name.lastIndexOf('/', name.length() - 2);
                prefix = name.substring(0, split);
                shortName = name.substring(split + 1);
                if (prefix.length() > 155 || shortName.length() > 100) {
                    throw new IllegalArgumentException("path too long for ustar: " + name);
                }
            }
            put(header, 0, 100, shortName);
            octal(header, 100, 8, mode);
            octal(header, 108, 8, uid);
            octal(header, 116, 8, uid);
            octal(header, 124, 12, size);
            octal(header, 136, 12, MTIME);
            header[156] = (byte) type;
            put(header, 157, 100, linkTarget);
            put(header, 257, 6, "ustar");
            put(header, 263, 2, "00");
            put(header, 265, 32, uid == 0 ? "root" : "openproxy");
            put(header, 297, 32, uid == 0 ? "root" : "openproxy");
            put(header, 345, 155, prefix);
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            long checksum = 0;
            for (byte b : header) {
                checksum += b & 0xff;
            }
            String digits = String.format("%06o", checksum);
            put(header, 148, 6, digits);
            header[154] = 0;
            header[155] = ' ';
            out.write(header);
        }

        void body(InputStream in, long size) throws IOException {
            if (in.transferTo(out) != size) {
                throw new IOException("file changed while it was read");
            }
            pad(size);
        }

        void finish() throws IOException {
            out.write(new byte[1024]);
            out.flush();
        }

        private void pad(long size) throws IOException {
            int remainder = (int) (size % 512);
            if (remainder != 0) {
                out.write(new byte[512 - remainder]);
            }
        }

        void file(String name, byte[] content) throws IOException {
            header(name, '0', 0644, 0, content.length, "");
            out.write(content);
            pad(content.length);
        }

        void file(String name, Path content) throws IOException {
            long size = Files.size(content);
            header(name, '0', 0644, 0, size, "");
            try (InputStream in = Files.newInputStream(content)) {
                body(in, size);
            }
        }

        private static void put(byte[] header, int offset, int length, String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > length) {
                throw new IllegalArgumentException("too long for a tar header field: " + value);
            }
            System.arraycopy(bytes, 0, header, offset, bytes.length);
        }

        private static void octal(byte[] header, int offset, int length, long value) {
            put(header, offset, length - 1, String.format("%0" + (length - 1) + "o", value));
        }
    }

    /** docker save's layout: manifest.json, the config named by its digest, and &lt;diff id&gt;/layer.tar. */
    record DockerArchive(Layer layer, List<String> environment) {
        void write(Path output, Path work) throws IOException, NoSuchAlgorithmException {
            Path layerTar = work.resolve("layer.tar");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(
                    new java.io.BufferedOutputStream(Files.newOutputStream(layerTar)), sha256)) {
                layer.writeTo(out);
            }
            String diffId = HexFormat.of().formatHex(sha256.digest());
            byte[] config = config(diffId).getBytes(StandardCharsets.UTF_8);
            String configName = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config)) + ".json";
            String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"openproxy/host-base:17\"],"
                    + "\"Layers\":[\"" + diffId + "/layer.tar\"]}]";
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(output))) {
                Tar tar = new Tar(out);
                tar.file("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
                tar.file(configName, config);
                tar.file(diffId + "/layer.tar", layerTar);
                tar.finish();
            }
        }

        private String config(String diffId) {
            String env = environment.stream().map(value -> "\"" + value.replace("\"", "\\\"") + "\"")
                    .collect(Collectors.joining(","));
            return "{\"architecture\":\"" + architecture() + "\",\"os\":\"linux\","
                    + "\"created\":\"1970-01-01T00:00:01Z\","
                    + "\"config\":{\"Env\":[" + env + "],\"User\":\"" + APP_UID + ":" + APP_UID + "\","
                    + "\"WorkingDir\":\"/home/openproxy\",\"Labels\":{\"org.opencontainers.image.description\":"
                    + "\"Java " + Runtime.version().feature() + " runtime (jlink) and shared libraries of the build host\"}},"
                    + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + diffId + "\"]},"
                    + "\"history\":[{\"created\":\"1970-01-01T00:00:01Z\",\"created_by\":\"deploy/images/HostBaseImage.java\"}]}";
        }

        private static String architecture() {
            String arch = System.getProperty("os.arch");
            return switch (arch) {
                case "amd64", "x86_64" -> "amd64";
                case "aarch64" -> "arm64";
                default -> arch;
            };
        }
    }

    private HostBaseImage() {
    }
}
