package dev.openproxy.e2e;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Twilio's own OpenAPI description of Proxy v1 ({@code src/test/resources/twilio-oai/}, MIT, from twilio/twilio-oai),
 * used to check every successful response the gateway sends: status, content type and body schema, strictly (a
 * property Twilio does not document is an error too).
 *
 * <p>Only the {@link #KNOWN_DIFFERENCES} are tolerated, each with the reason it is not our bug. Add one only with a
 * reason a reviewer can check (a doc page, an observed Twilio response); never to make a failing test pass.
 */
public final class OpenApiContract {

    /** A difference between the spec and what a conforming server sends, tolerated for the reason given. */
    public record KnownDifference(String messageKey, Pattern path, Pattern message, String reason) {

        boolean covers(String path, ValidationReport.Message found) {
            return found.getKey().equals(messageKey) && this.path.matcher(path).matches()
                    && this.message.matcher(found.getMessage()).find();
        }
    }

    /**
     * Tolerated differences. Empty so far: the spec has described every response checked until now. Note that
     * Twilio's own formats ({@code uri-map}, {@code phone-number}, {@code phone-number-capabilities}) are unknown to
     * the JSON schema validator; it reports them as warnings, which never count (only errors do).
     */
    public static final List<KnownDifference> KNOWN_DIFFERENCES = List.of();

    private static final String SPEC = "/twilio-oai/twilio_proxy_v1.json";
    private static volatile OpenApiContract shared;

    private final OpenApiInteractionValidator validator;
    private final List<KnownDifference> knownDifferences;

    public OpenApiContract(String specification, List<KnownDifference> knownDifferences) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(specification).build();
        this.knownDifferences = List.copyOf(knownDifferences);
    }

    /** Twilio's Proxy v1 spec with our {@link #KNOWN_DIFFERENCES}; parsed once per JVM (it takes a second). */
    public static OpenApiContract twilioProxyV1() {
        OpenApiContract contract = shared;
        if (contract == null) {
            synchronized (OpenApiContract.class) {
                if (shared == null) {
                    shared = new OpenApiContract(readSpecification(), KNOWN_DIFFERENCES);
                }
                contract = shared;
            }
        }
        return contract;
    }

    /**
     * The contract errors in one response (empty when it conforms). {@code path} is the request path without the
     * query, e.g. {@code /v1/Services/KS...}.
     */
    public List<String> check(String method, String path, int status, String contentType, String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            response.withContentType(contentType);
        }
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report;
        synchronized (validator) {
            report = validator.validateResponse(path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
                    response.build());
        }
        List<String> errors = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            if (knownDifferences.stream().anyMatch(known -> known.covers(path, message))) {
                continue;
            }
            StringBuilder text = new StringBuilder(message.getKey()).append(": ").append(message.getMessage());
            message.getAdditionalInfo().forEach(info -> text.append(" [").append(info).append(']'));
            errors.add(text.toString());
        }
        return errors;
    }

    private static String readSpecification() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
