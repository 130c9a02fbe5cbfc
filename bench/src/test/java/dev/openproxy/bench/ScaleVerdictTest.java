package dev.openproxy.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScaleVerdictTest {

    private static List<ScaleVerdict.Point> points(double... sessionsAndValues) {
        List<ScaleVerdict.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < sessionsAndValues.length; i += 2) {
            points.add(new ScaleVerdict.Point(sessionsAndValues[i], sessionsAndValues[i + 1]));
        }
        return points;
    }

    @Test
    void leastSquaresLine() {
        double[] line = ScaleVerdict.fit(points(0, 1, 1, 3, 2, 5, 3, 7));

        assertThat(line[0]).isCloseTo(2, within(1e-9));
        assertThat(line[1]).isCloseTo(1, within(1e-9));
        assertThat(ScaleVerdict.fit(points(5, 1, 5, 3))[0]).isZero();
    }

    @Test
    void jitterAroundALevelIsFlat() {
        ScaleVerdict.Trend trend = ScaleVerdict.trend("assignment p50", "ms",
                points(0, 120, 2_000, 135, 4_000, 118, 6_000, 129, 8_000, 124, 10_000, 131), 100_000, 10, 0.5);

        assertThat(trend.grows()).isFalse();
        assertThat(trend.points()).isEqualTo(6);
        assertThat(trend.describe()).contains("flat");
    }

    @Test
    void aLinearRiseBeyondTheNoiseGrows() {
        // 50 ms to 250 ms over 10,000 sessions: 200 ms per 10k, far above 10 ms and half the median.
        ScaleVerdict.Trend trend = ScaleVerdict.trend("assignment p99", "ms",
                points(0, 50, 5_000, 150, 10_000, 250), 100_000, 10, 0.5);

        assertThat(trend.grows()).isTrue();
        assertThat(trend.slopePer10k()).isCloseTo(200, within(1e-6));
        assertThat(trend.projectedAtTarget()).isCloseTo(2_050, within(1e-6));
        assertThat(trend.describe()).contains("GROWS");
    }

    @Test
    void aSmallRiseBelowTheAbsoluteFloorIsFlat() {
        // Doubles, but by 4 ms: below the 10 ms floor.
        assertThat(ScaleVerdict.trend("x", "ms", points(0, 4, 5_000, 6, 10_000, 8), 100_000, 10, 0.5).grows()).isFalse();
    }

    @Test
    void aFallIsNotGrowth() {
        assertThat(ScaleVerdict.trend("x", "ms", points(0, 300, 5_000, 200, 10_000, 100), 100_000, 10, 0.5).grows())
                .isFalse();
    }

    @Test
    void tooFewPointsOrMissingValuesDecideNothing() {
        assertThat(ScaleVerdict.trend("x", "ms", points(0, 1, 10_000, 900), 100_000, 10, 0.5).grows()).isNull();
        assertThat(ScaleVerdict.trend("x", "ms", points(0, Double.NaN, 1, Double.NaN, 2, 5), 100_000, 10, 0.5).grows())
                .isNull();
        assertThat(ScaleVerdict.trend("x", "ms", List.of(), 100_000, 10, 0.5).points()).isZero();
    }

    @Test
    void verdictNamesWhatGrows() {
        ScaleVerdict.Trend flat = ScaleVerdict.trend("routing p50", "ms", points(0, 10, 1, 10, 2, 10), 10, 1, 0.5);
        ScaleVerdict.Trend grows = ScaleVerdict.trend("heap participant", "MB", points(0, 10, 1, 100, 2, 200), 10, 1, 0.5);
        ScaleVerdict.Trend undecided = ScaleVerdict.trend("routing p99", "ms", points(0, 10), 10, 1, 0.5);

        assertThat(ScaleVerdict.verdict(List.of(flat, grows, undecided))).contains("grows").contains("heap participant")
                .doesNotContain("routing p50");
        assertThat(ScaleVerdict.verdict(List.of(flat))).contains("no figure grows");
        assertThat(ScaleVerdict.verdict(List.of(flat, undecided))).contains("too few checkpoints");
    }

    @Test
    void planSummaryCountsRowsOverLoopsAndNamesSequentialScans() {
        String explain = """
                [{"Plan": {"Node Type": "Nested Loop", "Actual Rows": 3, "Actual Loops": 1, "Plans": [
                  {"Node Type": "Seq Scan", "Relation Name": "pool_numbers", "Actual Rows": 2, "Actual Loops": 1,
                   "Rows Removed by Filter": 98},
                  {"Node Type": "Index Scan", "Relation Name": "active_pairs", "Index Name": "active_pairs_by_number",
                   "Actual Rows": 5, "Actual Loops": 2}]},
                 "Planning Time": 0.1, "Execution Time": 1.25}]""";

        ScaleDatabase.PlanSummary plan = ScaleDatabase.summarise("q", "participant", explain);

        assertThat(plan.rowsRead()).isEqualTo(2 + 98 + 5 * 2);
        assertThat(plan.seqScans()).containsExactly("pool_numbers");
        assertThat(plan.scans()).containsExactly("Seq Scan on pool_numbers",
                "Index Scan on active_pairs using active_pairs_by_number");
        assertThat(plan.executionMs()).isEqualTo(1.25);
    }

    @Test
    void heapIsTheSumOfTheHeapPools() {
        String prometheus = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{application="p",area="heap",id="Tenured Gen"} 3.0E7
                jvm_memory_used_bytes{application="p",area="heap",id="Eden Space"} 1.0E7
                jvm_memory_used_bytes{application="p",area="nonheap",id="Metaspace"} 9.0E7
                jvm_memory_max_bytes{application="p",area="heap",id="Tenured Gen"} 2.0E8
                jvm_memory_max_bytes{application="p",area="heap",id="Eden Space"} 1.0E8
                jvm_memory_max_bytes{application="p",area="nonheap",id="Metaspace"} -1.0
                """;

        double[] heap = ProcessMemory.heapOf(prometheus);

        assertThat(heap[0]).isCloseTo(40, within(1e-9));
        assertThat(heap[1]).isCloseTo(300, within(1e-9));
    }

    @Test
    void checkpointTableShowsOneRowPerCheckpoint() {
        Latency.Percentiles latency = new Latency.Percentiles(10, 100, 150, 200, 250, 300, 110);
        ScaleCheckpoint checkpoint = new ScaleCheckpoint(1_000, 1_050, 25.0, latency, Map.of(), latency, 10.0,
                Map.of("lost", 1L), Map.of("participant", new ProcessMemory.Figures(80, 384, 400)),
                Map.of("participant", Map.of("active_pairs", new long[] {2_100, 1_000_000})), List.of(), 3.5);

        String table = ScaleReport.table(List.of(checkpoint, checkpoint));

        assertThat(table.lines()).hasSize(4); // header, rule, two rows
        assertThat(table).contains("1,050").contains("2,100").contains("heap participant");
        assertThat(checkpoint.databaseMb("participant")).isEqualTo(1.0);
        assertThat(checkpoint.heapMb("routing")).isNaN();
    }
}
