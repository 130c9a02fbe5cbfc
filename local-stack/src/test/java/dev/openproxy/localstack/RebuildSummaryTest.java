package dev.openproxy.localstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildSummaryTest {

    /** As service-support's RebuildLifecycleProcessor prints it, between a service's log lines. */
    private static final String OUTPUT = """
            2026-12-02T05:30:48.123Z INFO Rebuilt routing-service.routing-table from openproxy.participants.v1
            Projections of routing-service rebuilt:
            projection                                 from                                                events   seconds   events/s
            routing-service.session-directory          openproxy.sessions.v1                                   1204      0.61       1973
            routing-service.routing-table              openproxy.participants.v1, openproxy.sessions.v1         812      0,52       1561
            interactions                               event store                                             3410      1.87       1823

            2026-12-02T05:30:49.001Z INFO Closing 7 connections
            """;

    @Test
    void theRowsOfTheServicesSummaryAreSummedUp() {
        RebuildSummary summary = RebuildSummary.find(ProxyService.ROUTING, OUTPUT).orElseThrow();

        assertThat(summary.events()).isEqualTo(1204 + 812 + 3410);
        assertThat(summary.replayTime()).isEqualTo(Duration.ofMillis(610 + 520 + 1870));
        assertThat(summary.lines()).hasSize(5).first().isEqualTo("Projections of routing-service rebuilt:");
        assertThat(RebuildSummary.eventsPerSecond(summary.events(), summary.replayTime())).isEqualTo(5426L * 1000 / 3000);
    }

    @Test
    void noSummaryOfThatServiceIsNoSummary() {
        assertThat(RebuildSummary.find(ProxyService.SESSION, OUTPUT)).isEmpty();
        assertThat(RebuildSummary.find(ProxyService.ROUTING, "Projections of routing-service rebuilt:\n")).isEmpty();
    }

    @Test
    void phoneNumbersAreMaskedInWhatAFailureShows() {
        assertThat(ProjectionRebuildCommand.masked("Participant +14155550100 (4155550100) at 2026-12-02 05:30:48"))
                .isEqualTo("Participant <number> (<number>) at 2026-12-02 05:30:48");
    }
}
