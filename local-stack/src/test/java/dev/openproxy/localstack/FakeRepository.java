package dev.openproxy.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A repository root whose service "jars" are manifest-only jars running {@link StubService}. */
final class FakeRepository {

    private FakeRepository() {
    }

    static Path create(Path root) throws Exception {
        String testClasses = StubService.class.getProtectionDomain().getCodeSource().getLocation().toString();
        for (ProxyService service : ProxyService.values()) {
            Path jar = service.executableJar(root, StackVersion.current());
            Files.createDirectories(jar.getParent());
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StubService.class.getName());
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                out.flush();
            }
        }
        return root;
    }
}
