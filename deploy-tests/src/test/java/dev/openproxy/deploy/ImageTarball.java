package dev.openproxy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * An image tarball as {@code jib:buildTar} and {@code docker save} write it: {@code manifest.json} naming the config
 * and the layers (each a tar, gzipped or not), read without a container engine.
 */
final class ImageTarball {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path tar;
    private final JsonNode configDocument;
    private final List<String> layers;

    private ImageTarball(Path tar, JsonNode configDocument, List<String> layers) {
        this.tar = tar;
        this.configDocument = configDocument;
        this.layers = layers;
    }

    static ImageTarball read(Path tar) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().endsWith(".json")) {
                    small.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        byte[] manifestBytes = small.get("manifest.json");
        if (manifestBytes == null) {
            throw new IOException(tar + " has no manifest.json: not an image tarball");
        }
        JsonNode manifest = JSON.readTree(manifestBytes).get(0);
        List<String> layers = new ArrayList<>();
        manifest.get("Layers").forEach(layer -> layers.add(layer.asText()));
        JsonNode config = JSON.readTree(small.get(manifest.get("Config").asText()));
        return new ImageTarball(tar, config, layers);
    }

    /** The runtime configuration: User, Entrypoint, Cmd, Env, ExposedPorts, Labels, WorkingDir. */
    JsonNode config() {
        return configDocument.path("config");
    }

    /** The whole config document (architecture, rootfs, history, ...). */
    JsonNode document() {
        return configDocument;
    }

    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        config().path("Env").forEach(variable -> {
            String text = variable.asText();
            int equals = text.indexOf('=');
            environment.put(text.substring(0, equals), text.substring(equals + 1));
        });
        return environment;
    }

    List<String> entrypoint() {
        List<String> entrypoint = new ArrayList<>();
        config().path("Entrypoint").forEach(argument -> entrypoint.add(argument.asText()));
        return entrypoint;
    }

    interface EntryVisitor {
        void visit(TarArchiveEntry entry, InputStream content) throws IOException;
    }

    /** Every entry of every layer, lowest layer first. */
    void eachFile(EntryVisitor visitor) throws IOException {
        for (String layer : layers) {
            try (TarArchiveInputStream outer = new TarArchiveInputStream(
                    new BufferedInputStream(Files.newInputStream(tar)))) {
                for (TarArchiveEntry entry = outer.getNextEntry(); entry != null; entry = outer.getNextEntry()) {
                    if (entry.getName().equals(layer)) {
                        readLayer(outer, visitor);
                        break;
                    }
                }
            }
        }
    }

    private static void readLayer(InputStream layerStream, EntryVisitor visitor) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(layerStream);
        buffered.mark(2);
        boolean gzipped = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        InputStream plain = gzipped ? new GZIPInputStream(buffered) : buffered;
        TarArchiveInputStream files = new TarArchiveInputStream(plain);
        for (TarArchiveEntry file = files.getNextEntry(); file != null; file = files.getNextEntry()) {
            visitor.visit(file, files);
        }
    }

    /** A path of the image's root filesystem (no leading slash), as the topmost layer that has it left it. */
    record File(String path, int mode, boolean regular, boolean directory) {
    }

    private Map<String, File> files;
    private Map<String, byte[]> smallContents;

    /** Every path of the root filesystem; read once (one pass over the layers), then kept. */
    synchronized Map<String, File> files() throws IOException {
        if (files == null) {
            Map<String, File> found = new java.util.TreeMap<>();
            Map<String, byte[]> contents = new HashMap<>();
            eachFile((entry, content) -> {
                String path = relative(entry.getName());
                found.put(path, new File(path, entry.getMode() & 07777, entry.isFile(), entry.isDirectory()));
                if (entry.isFile() && entry.getSize() < 1024 * 1024 && (path.startsWith("etc/") || path.startsWith("app/resources/"))) {
                    contents.put(path, content.readAllBytes());
                }
            });
            files = found;
            smallContents = contents;
        }
        return files;
    }

    /** A file under /etc or /app/resources (the configuration a process could read), or null. */
    byte[] configurationFile(String path) throws IOException {
        files();
        return smallContents.get(relative(path));
    }

    /** Unpacks the layers into {@code root}, as a container runtime would lay out the root filesystem. */
    void unpack(Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        eachFile((entry, content) -> {
            String name = relative(entry.getName());
            if (name.isEmpty()) {
                return;
            }
            Path target = base.resolve(name).normalize();
            if (!target.startsWith(base)) {
                throw new IOException("layer entry outside the root: " + entry.getName());
            }
            String fileName = target.getFileName().toString();
            if (fileName.startsWith(".wh.")) { // a whiteout: the layer deletes a file of a lower one
                Files.deleteIfExists(target.resolveSibling(fileName.substring(4)));
                return;
            }
            Files.createDirectories(target.getParent());
            if (entry.isDirectory()) {
                Files.createDirectories(target);
                // Owner may always write, so later entries can be unpacked into it.
                Files.setPosixFilePermissions(target, permissions(entry.getMode() | 0700));
            } else if (entry.isSymbolicLink()) {
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            } else if (entry.isLink()) {
                Files.deleteIfExists(target);
                Files.createLink(target, base.resolve(relative(entry.getLinkName())));
            } else if (entry.isFile()) {
                Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        });
    }

    private static String relative(String name) {
        String relative = name.startsWith("./") ? name.substring(2) : name;
        relative = relative.startsWith("/") ? relative.substring(1) : relative;
        return relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ (0400) ... OTHERS_EXECUTE (0001)
        for (int bit = 0; bit < all.length; bit++) {
            if ((mode & (1 << (8 - bit))) != 0) {
                permissions.add(all[bit]);
            }
        }
        return permissions;
    }

    @Override
    public String toString() {
        return tar.toString();
    }
}
