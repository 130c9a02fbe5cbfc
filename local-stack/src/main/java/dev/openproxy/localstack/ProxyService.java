package dev.openproxy.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The services of the stack: Maven module, default port, own database and the variable that overrides the port. */
public enum ProxyService {

    SESSION("session-service", "session", 8081, "session_service", "PROXY_SESSION_PORT"),
    PARTICIPANT("participant-service", "participant", 8082, "participant_service", "PROXY_PARTICIPANT_PORT"),
    NUMBER_POOL("number-pool-service", "number-pool", 8083, "number_pool_service", "PROXY_NUMBER_POOL_PORT"),
    ROUTING("routing-service", "routing", 8084, "routing_service", "PROXY_ROUTING_PORT"),
    GATEWAY("api-gateway", "gateway", 8080, "api_gateway", "PROXY_GATEWAY_PORT");

    private final String moduleName;
    private final String shortName;
    private final int defaultPort;
    private final String database;
    private final String portVariable;

    ProxyService(String moduleName, String shortName, int defaultPort, String database, String portVariable) {
        this.moduleName = moduleName;
        this.shortName = shortName;
        this.defaultPort = defaultPort;
        this.database = database;
        this.portVariable = portVariable;
    }

    /** The Maven module, also the name used in logs, pid files and messages. */
    public String moduleName() {
        return moduleName;
    }

    /** The key of this service in the gateway's {@code openproxy.gateway.services.*} properties. */
    public String shortName() {
        return shortName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String database() {
        return database;
    }

    public String portVariable() {
        return portVariable;
    }

    /** {@code <root>/<module>/target/<module>-<version>-exec.jar}, as built by spring-boot-maven-plugin's repackage. */
    public Path executableJar(Path repositoryRoot, String version) {
        return repositoryRoot.resolve(moduleName).resolve("target").resolve(moduleName + "-" + version + "-exec.jar");
    }

    /** Accepts the module name ({@code session-service}), the short name ({@code session}) or the constant name. */
    public static ProxyService byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(s -> s.moduleName.equals(wanted) || s.shortName.equals(wanted)
                        || s.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown service '" + name + "'; known: "
                        + String.join(", ", Arrays.stream(values()).map(ProxyService::moduleName).toList())));
    }

    @Override
    public String toString() {
        return moduleName;
    }
}
