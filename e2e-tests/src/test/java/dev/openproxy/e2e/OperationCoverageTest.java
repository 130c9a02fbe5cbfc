package dev.openproxy.e2e;

import dev.openproxy.e2e.GatewayHttpClient.Exchange;
import dev.openproxy.e2e.SpecOperations.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The coverage proof itself: the spec's operations are all found, requests map to them, gaps are reported. */
class OperationCoverageTest {

    private static final String KS = "KS" + "a".repeat(32);
    private static final String KC = "KC" + "b".repeat(32);
    private final SpecOperations spec = SpecOperations.twilioProxyV1();

    @Test
    void theSpecHasItsTwentyFiveOperations() {
        assertThat(spec.all()).hasSize(25).extracting(Operation::operationId).doesNotHaveDuplicates()
                .contains("CreateService", "DeleteParticipant", "CreateMessageInteraction", "DeleteInteraction");
    }

    @Test
    void requestsMapToTheirOperation() {
        assertThat(spec.match("GET", "/v1/Services/deliveries")).map(Operation::operationId).hasValue("FetchService");
        assertThat(spec.match("POST", "/v1/Services/" + KS + "/Sessions")).map(Operation::operationId)
                .hasValue("CreateSession");
        assertThat(spec.match("get", "/v1/Services/" + KS + "/Sessions/" + KC)).map(Operation::operationId)
                .hasValue("FetchSession");
        assertThat(spec.match("DELETE", "/v1/Services/" + KS + "/Sessions/" + KC + "/Participants/KP1"))
                .map(Operation::operationId).hasValue("DeleteParticipant");
        assertThat(spec.match("POST", "/v1/Services/" + KS + "/Sessions/" + KC + "/Interactions")).isEmpty();
        assertThat(spec.match("GET", "/v1/Services/" + KS + "/ShortCodes")).isEmpty();
        assertThat(spec.match("GET", "/v1/Services/")).as("a trailing slash").isEmpty();
    }

    @Test
    void onlyAConformingSuccessCoversAnOperation() {
        OperationCoverage coverage = new OperationCoverage(spec);
        coverage.checked(exchange("POST", "/v1/Services", 201), List.of());
        coverage.checked(exchange("GET", "/v1/Services/" + KS, 404), List.of());
        coverage.checked(exchange("GET", "/v1/Services", 200), List.of("schema.additionalProperties: total"));
        coverage.checked(exchange("GET", "/v1/Services/" + KS + "/ShortCodes", 404), List.of());

        assertThat(coverage.covered()).extracting(Operation::operationId).containsExactly("CreateService");
        assertThat(coverage.missing()).hasSize(24);
        assertThat(coverage.outsideSpec()).containsExactly("GET /v1/Services/" + KS + "/ShortCodes");
        assertThatThrownBy(coverage::assertEveryOperationCovered)
                .hasMessageContaining("24 of the 25 operations")
                .hasMessageContaining("FetchService (GET /v1/Services/{Sid}): only answered [404]")
                .hasMessageContaining("ListService (GET /v1/Services): only answered [200]")
                .hasMessageContaining("DeleteInteraction (DELETE /v1/Services/{ServiceSid}/Sessions/{SessionSid}"
                        + "/Interactions/{Sid}): never called");
    }

    @Test
    void everyOperationCoveredPasses() {
        OperationCoverage coverage = new OperationCoverage(spec);
        for (Operation operation : spec.all()) {
            String path = operation.pathTemplate().replaceAll("\\{[^}]+}", "X1");
            coverage.checked(exchange(operation.method(), path, 200), List.of());
        }
        coverage.assertEveryOperationCovered();
        assertThat(coverage.missing()).isEmpty();
    }

    private static Exchange exchange(String method, String path, int status) {
        return new Exchange(method, path, null, status, "application/json", "{}");
    }
}
