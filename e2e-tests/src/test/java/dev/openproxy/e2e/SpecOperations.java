package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations of Twilio's Proxy v1 OpenAPI file (operationId, method, path template), read from the file itself so
 * that an operation Twilio adds to the spec is missed by no test: {@link OperationCoverage} checks against this list.
 */
public final class SpecOperations {

    /**
     * One operation of the spec, e.g. {@code CreateSession POST /v1/Services/{ServiceSid}/Sessions}, with the names of
     * its query and form parameters ({@code PageSize}, {@code UniqueName}, ...).
     */
    public record Operation(String operationId, String method, String pathTemplate, List<String> parameters) {

        /** Whether a concrete request path, e.g. {@code /v1/Services/KS.../Sessions}, fits the template. */
        boolean fits(String method, String path) {
            if (!this.method.equalsIgnoreCase(method)) {
                return false;
            }
            String[] expected = pathTemplate.split("/", -1);
            String[] actual = path.split("/", -1);
            if (expected.length != actual.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                boolean variable = expected[i].startsWith("{") && expected[i].endsWith("}");
                if (variable ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
                    return false;
                }
            }
            return true;
        }

        /** Literal segments count: where two templates fit, the more literal one is meant. */
        private long literalSegments() {
            return List.of(pathTemplate.split("/")).stream().filter(s -> !s.startsWith("{")).count();
        }

        @Override
        public String toString() {
            return operationId + " (" + method + " " + pathTemplate + ")";
        }
    }

    private static final String SPEC = "/twilio-oai/twilio_proxy_v1.json";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static volatile SpecOperations shared;

    private final List<Operation> operations;

    SpecOperations(JsonNode specification) {
        List<Operation> found = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = specification.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> items = path.getValue().fields();
            while (items.hasNext()) {
                Map.Entry<String, JsonNode> item = items.next();
                if (HTTP_METHODS.contains(item.getKey())) {
                    String operationId = item.getValue().path("operationId").asText(
                            item.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    found.add(new Operation(operationId, item.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                            parameterNames(item.getValue())));
                }
            }
        }
        found.sort(Comparator.comparing(Operation::pathTemplate).thenComparing(Operation::method));
        this.operations = List.copyOf(found);
    }

    /** The operations of Twilio's Proxy v1 spec on the test classpath; read once per JVM. */
    public static SpecOperations twilioProxyV1() {
        SpecOperations operations = shared;
        if (operations == null) {
            synchronized (SpecOperations.class) {
                if (shared == null) {
                    shared = new SpecOperations(readSpecification());
                }
                operations = shared;
            }
        }
        return operations;
    }

    public List<Operation> all() {
        return operations;
    }

    /** The operation a request is, if the spec has it. */
    public Optional<Operation> match(String method, String path) {
        return operations.stream().filter(operation -> operation.fits(method, path))
                .max(Comparator.comparingLong(Operation::literalSegments));
    }

    private static List<String> parameterNames(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> {
            if (parameter.path("in").asText().equals("query")) {
                names.add(parameter.path("name").asText());
            }
        });
        operation.path("requestBody").path("content").path("application/x-www-form-urlencoded").path("schema")
                .path("properties").fieldNames().forEachRemaining(names::add);
        return List.copyOf(names);
    }

    private static JsonNode readSpecification() {
        try (InputStream in = SpecOperations.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is missing from the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
