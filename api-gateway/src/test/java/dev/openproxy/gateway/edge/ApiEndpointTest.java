package dev.openproxy.gateway.edge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiEndpointTest {

    @Test
    void everyOperationOfTheSpecHasItsEndpointAndMethod() {
        // The 25 operations of twilio_proxy_v1.json (shared/reference/twilio-proxy-api.md, section 1).
        String[][] operations = {
                {"GET", "/v1/Services"}, {"POST", "/v1/Services"}, {"GET", "/v1/Services/{Sid}"},
                {"POST", "/v1/Services/{Sid}"}, {"DELETE", "/v1/Services/{Sid}"},
                {"GET", "/v1/Services/{ServiceSid}/PhoneNumbers"}, {"POST", "/v1/Services/{ServiceSid}/PhoneNumbers"},
                {"GET", "/v1/Services/{ServiceSid}/PhoneNumbers/{Sid}"}, {"POST", "/v1/Services/{ServiceSid}/PhoneNumbers/{Sid}"},
                {"DELETE", "/v1/Services/{ServiceSid}/PhoneNumbers/{Sid}"},
                {"GET", "/v1/Services/{ServiceSid}/Sessions"}, {"POST", "/v1/Services/{ServiceSid}/Sessions"},
                {"GET", "/v1/Services/{ServiceSid}/Sessions/{Sid}"}, {"POST", "/v1/Services/{ServiceSid}/Sessions/{Sid}"},
                {"DELETE", "/v1/Services/{ServiceSid}/Sessions/{Sid}"},
                {"GET", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants"},
                {"POST", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants"},
                {"GET", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{Sid}"},
                {"DELETE", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{Sid}"},
                {"GET", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions"},
                {"POST", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions"},
                {"GET", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions/{Sid}"},
                {"GET", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions"},
                {"GET", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions/{Sid}"},
                {"DELETE", "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions/{Sid}"}};
        int methods = 0;
        for (String[] operation : operations) {
            assertThat(ApiEndpoint.byName(operation[0] + " " + operation[1])).as(operation[0] + " " + operation[1]).isPresent();
        }
        for (ApiEndpoint endpoint : ApiEndpoint.values()) {
            for (String method : List.of("GET", "POST", "DELETE")) {
                methods += endpoint.allows(method) ? 1 : 0;
            }
        }
        assertThat(methods).as("no operation beyond the spec's").isEqualTo(operations.length);
    }

    @Test
    void matchesOnDecodedSegmentsAndNeverOnEmptyOnes() {
        assertThat(ApiEndpoint.match(List.of("v1", "Services", "KS1", "Sessions"))).contains(ApiEndpoint.SESSIONS);
        assertThat(ApiEndpoint.match(List.of("v1", "Services", "", "Sessions"))).isEmpty();
        assertThat(ApiEndpoint.match(List.of("v1", "Services", "KS1", "Sessions", ""))).isEmpty();
        assertThat(ApiEndpoint.match(List.of("v1", "services"))).isEmpty();
    }
}
