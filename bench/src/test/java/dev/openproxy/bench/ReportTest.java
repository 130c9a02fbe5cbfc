package dev.openproxy.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportTest {

    @Test
    void percentilesAreInMilliseconds() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            micros.recordValue(i * 1000L); // 1 ms .. 1000 ms
        }

        Latency.Percentiles p = Latency.Percentiles.of(micros);

        assertThat(p.count()).isEqualTo(1000);
        assertThat(p.p50Ms()).isBetween(499.0, 501.0);
        assertThat(p.p99Ms()).isBetween(989.0, 991.0);
        assertThat(p.p999Ms()).isBetween(998.0, 1001.0);
        assertThat(p.maxMs()).isBetween(999.0, 1001.0);
    }

    @Test
    void noValuesGiveNoFigures() {
        assertThat(Latency.Percentiles.of(new Histogram(3)).count()).isZero();
        assertThat(Report.number(Double.NaN)).isEqualTo("-");
    }

    @Test
    void latencyRecordedFromNanos() {
        Latency latency = new Latency();
        latency.recordNanos(2_500_000);

        assertThat(latency.percentiles().p50Ms()).isBetween(2.49, 2.51);
    }

    @Test
    void tableShowsRatesLatenciesFailuresAndTheRatio() {
        WorkloadResult sessions = new WorkloadResult("sessions", "POST", "closed loop", null, 8, 20, 2000, 100.0,
                Map.of("503", 3L), new Latency.Percentiles(2000, 12.5, 20, 40.25, 80, 90, 15), Map.of(),
                Map.of("session", 0.5), null).withRatio(5000.0);
        WorkloadResult sms = new WorkloadResult("sms@20", "webhooks", "open loop", 20, null, 20, 400, 20.0, Map.of(),
                Latency.Percentiles.NONE, Map.of(), Map.of(), null).withRatio(null);

        String table = Report.table(List.of(sessions, sms));

        assertThat(table.lines().toList()).hasSize(4);
        assertThat(table).contains("sessions").contains("8 clients").contains("100").contains("12.5")
                .contains("40.3").contains("3 503").contains("0.020");
        assertThat(table.lines().toList().get(3)).contains("open loop").contains("20/s").contains(" - ");
        assertThat(Report.cpuTable(List.of(sessions))).contains("session").contains("0.50");
    }

    @Test
    void optionsHaveDefaultsAndRejectUnknownOnes() {
        BenchOptions defaults = BenchOptions.parse(new String[0], Path.of("/repo"));
        assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.workloads()).isEqualTo(BenchOptions.ALL_WORKLOADS);
        assertThat(defaults.output()).isEqualTo(Path.of("/repo/bench/target/bench-results.json"));

        BenchOptions some = BenchOptions.parse(new String[] {"--workloads=sms,baseline", "--sms-rates=5, 50",
                "--duration=1.5"}, Path.of("/repo"));
        assertThat(some.workloads()).containsExactly("baseline", "sms");
        assertThat(some.smsRates()).containsExactly(5, 50);
        assertThat(some.duration()).isEqualTo(Duration.ofMillis(1500));

        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--speed=11"}, Path.of("/repo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--speed");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--workloads=calls"}, Path.of("/repo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calls");
    }

    @Test
    void cpuCoresIncludeWhatOthersUsed() {
        Map<String, Double> cores = CpuSampler.cores(Map.of("session", 0L, "machine", 0L),
                Map.of("session", 500_000_000L, "machine", 1_500_000_000L), Duration.ofSeconds(1));

        assertThat(cores).containsEntry("session", 0.5).containsEntry("machine", 1.5).containsEntry("others", 1.0);
    }

    @Test
    void serviceTimersAreSummedOverLabelsWithoutTheActuator() {
        String before = """
                # HELP http_server_requests_seconds
                http_server_requests_seconds_count{method="POST",uri="/v1/Services/{sid}/Sessions"} 10
                http_server_requests_seconds_sum{method="POST",uri="/v1/Services/{sid}/Sessions"} 1.0
                http_server_requests_seconds_count{method="GET",uri="/actuator/prometheus"} 3
                hikaricp_connections_acquire_seconds_count{pool="HikariPool-1"} 100
                hikaricp_connections_acquire_seconds_sum{pool="HikariPool-1"} 0.5
                """;
        String after = """
                http_server_requests_seconds_count{method="POST",uri="/v1/Services/{sid}/Sessions"} 30
                http_server_requests_seconds_sum{method="POST",uri="/v1/Services/{sid}/Sessions"} 3.0
                http_server_requests_seconds_count{method="GET",uri="/actuator/prometheus"} 9
                hikaricp_connections_acquire_seconds_count{pool="HikariPool-1"} 300
                hikaricp_connections_acquire_seconds_sum{pool="HikariPool-1"} 2.5
                """;

        Map<String, Map<String, Object>> delta = ServiceMetrics.delta(
                Map.of(dev.openproxy.localstack.ProxyService.SESSION, ServiceMetrics.parse(before)),
                Map.of(dev.openproxy.localstack.ProxyService.SESSION, ServiceMetrics.parse(after)));

        assertThat(delta.get("session")).containsEntry("httpCount", 20L).containsEntry("httpMeanMs", 100.0)
                .containsEntry("dbConnectionWaitCount", 200L).containsEntry("dbConnectionWaitMeanMs", 10.0)
                .containsEntry("dbConnectionWaitTotalSeconds", 2.0);
    }
}
