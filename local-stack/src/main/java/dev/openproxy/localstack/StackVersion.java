package dev.openproxy.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version this launcher was built with: the services' jars carry the same one in their names. */
final class StackVersion {

    private StackVersion() {
    }

    static String current() {
        Properties properties = new Properties();
        try (InputStream in = StackVersion.class.getResourceAsStream("local-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-stack.properties is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
