package dev.openproxy.gateway.edge;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every operation path of Twilio's Proxy v1 OpenAPI file ({@code twilio_proxy_v1.json}), with the methods it
 * has. The gateway answers anything else itself: an unknown path is 404 (20404), a known path with another method
 * 405 (20004). The template (with the spec's parameter names) names the endpoint in rate-limit buckets, metrics
 * and configuration.
 */
public enum ApiEndpoint {
    SERVICES("/v1/Services", Scope.ACCOUNT, "GET", "POST"),
    SERVICE("/v1/Services/{Sid}", Scope.SERVICE, "GET", "POST", "DELETE"),
    PHONE_NUMBERS("/v1/Services/{ServiceSid}/PhoneNumbers", Scope.SERVICE, "GET", "POST"),
    PHONE_NUMBER("/v1/Services/{ServiceSid}/PhoneNumbers/{Sid}", Scope.SERVICE, "GET", "POST", "DELETE"),
    SESSIONS("/v1/Services/{ServiceSid}/Sessions", Scope.SERVICE, "GET", "POST"),
    SESSION("/v1/Services/{ServiceSid}/Sessions/{Sid}", Scope.SERVICE, "GET", "POST", "DELETE"),
    PARTICIPANTS("/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants", Scope.SERVICE, "GET", "POST"),
    PARTICIPANT("/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{Sid}", Scope.SERVICE, "GET", "DELETE"),
    MESSAGE_INTERACTIONS("/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions",
            Scope.SERVICE, "GET", "POST"),
    MESSAGE_INTERACTION("/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions/{Sid}",
            Scope.SERVICE, "GET"),
    INTERACTIONS("/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions", Scope.SERVICE, "GET"),
    INTERACTION("/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions/{Sid}", Scope.SERVICE, "GET", "DELETE");

    /** What a rate limit counts per: the account (the Service list) or the Service in the path. */
    public enum Scope { ACCOUNT, SERVICE }

    private final String template;
    private final Scope scope;
    private final Set<String> methods;
    private final List<String> segments;

    ApiEndpoint(String template, Scope scope, String... methods) {
        this.template = template;
        this.scope = scope;
        this.methods = Set.of(methods);
        this.segments = List.of(template.substring(1).split("/"));
    }

    public String template() {
        return template;
    }

    public Scope scope() {
        return scope;
    }

    /** HEAD is answered where GET is (the services do so). */
    public boolean allows(String method) {
        return methods.contains(method) || method.equals("HEAD") && methods.contains("GET");
    }

    /** For the {@code Allow} header of a 405. */
    public String allowHeader() {
        return Arrays.stream(new String[] {"GET", "POST", "DELETE"}).filter(methods::contains)
                .collect(Collectors.joining(", "));
    }

    /** The endpoint whose template the decoded path segments fit, if any. */
    public static Optional<ApiEndpoint> match(List<String> decodedSegments) {
        for (ApiEndpoint endpoint : values()) {
            if (endpoint.fits(decodedSegments)) {
                return Optional.of(endpoint);
            }
        }
        return Optional.empty();
    }

    private boolean fits(List<String> path) {
        if (path.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            String expected = segments.get(i);
            boolean variable = expected.startsWith("{");
            if (variable ? path.get(i).isEmpty() : !expected.equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The endpoint named {@code "METHOD template"}, as in configuration keys; empty when there is none. */
    public static Optional<ApiEndpoint> byName(String methodAndTemplate) {
        String[] parts = methodAndTemplate.trim().split("\\s+", 2);
        if (parts.length != 2) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(e -> e.template.equals(parts[1]) && e.methods.contains(parts[0]))
                .findFirst();
    }
}
