package dev.openproxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleResultsJsonTest {

    @Test
    void theOptionsWithTheirDurationsGoToTheResultsFile() throws Exception {
        ScaleOptions options = ScaleOptions.parse(Map.of("scale-sessions", "100000", "scale-sms-duration", "10"));

        String written = ScaleRun.RESULTS_JSON.writeValueAsString(Map.of("options", options));

        JsonNode read = ScaleRun.RESULTS_JSON.readTree(written).get("options");
        assertThat(read.get("sessions").asInt()).isEqualTo(100_000);
        assertThat(read.get("smsDuration").asText()).isEqualTo("PT10S");
    }
}
