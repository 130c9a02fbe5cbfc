package dev.openproxy.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract checker itself: Twilio's own examples pass, deviations are caught. */
class OpenApiContractTest {

    private final OpenApiContract contract = OpenApiContract.twilioProxyV1();

    @Test
    void twiliosEmptyListExampleConforms() {
        String body = """
                {"services":[],"meta":{"first_page_url":"https://proxy.twilio.com/v1/Services?PageSize=50&Page=0",
                 "key":"services","next_page_url":null,"page":0,"page_size":50,"previous_page_url":null,
                 "url":"https://proxy.twilio.com/v1/Services?PageSize=50&Page=0"}}
                """;

        assertThat(contract.check("GET", "/v1/Services", 200, "application/json", body)).isEmpty();
    }

    @Test
    void aDeleteHasNoBody() {
        assertThat(contract.check("DELETE", "/v1/Services/KS" + "a".repeat(32), 204, null, "")).isEmpty();
    }

    @Test
    void anUndocumentedStatusIsCaught() {
        // CreateMessageInteraction answers 200 in Twilio's spec, not 201.
        assertThat(contract.check("POST", "/v1/Services/KS" + "a".repeat(32) + "/Sessions/KC" + "a".repeat(32)
                + "/Participants/KP" + "a".repeat(32) + "/MessageInteractions", 201, "application/json", "{}"))
                .isNotEmpty();
    }

    @Test
    void aPathOutsideTheSpecIsCaught() {
        assertThat(contract.check("GET", "/v1/Services/KS" + "a".repeat(32) + "/ShortCodes", 200,
                "application/json", "{}")).isNotEmpty();
    }

    @Test
    void wrongTypesAndUndocumentedPropertiesAreCaught() {
        String body = """
                {"services":[],"meta":{"first_page_url":"https://proxy.twilio.com/v1/Services","key":"services",
                 "next_page_url":null,"page":"zero","page_size":50,"previous_page_url":null,
                 "url":"https://proxy.twilio.com/v1/Services"},"total":0}
                """;

        assertThat(contract.check("GET", "/v1/Services", 200, "application/json", body))
                .anyMatch(error -> error.contains("page"))
                .anyMatch(error -> error.contains("total"));
    }
}
