package dev.openproxy.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScaleScheduleTest {

    @Test
    void checkpointsStartBeforeSeedingAndEndAtTheTarget() {
        assertThat(ScaleSchedule.checkpoints(100_000, 10)).containsExactly(0, 10_000, 20_000, 30_000, 40_000, 50_000,
                60_000, 70_000, 80_000, 90_000, 100_000);
        assertThat(ScaleSchedule.checkpoints(10, 4)).containsExactly(0, 2, 5, 7, 10);
    }

    @Test
    void moreCheckpointsThanSessionsGiveNoRepeats() {
        assertThat(ScaleSchedule.checkpoints(3, 10)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aResumedRunMeasuresOnlyWhatIsLeft() {
        List<Integer> all = ScaleSchedule.checkpoints(100_000, 10);

        assertThat(ScaleSchedule.remaining(all, -1)).isEqualTo(all);
        assertThat(ScaleSchedule.remaining(all, 30_000)).startsWith(40_000).hasSize(7);
        assertThat(ScaleSchedule.remaining(all, 100_000)).isEmpty();
        // An earlier, smaller run: its checkpoints stay, the larger target's later ones are measured.
        assertThat(ScaleSchedule.remaining(all, 12_000)).startsWith(20_000);
    }

    @Test
    void eachSharedIdentifierJoinsExactlyItsNumberOfSessions() {
        int perIdentifier = 20;
        Map<String, Long> sessionsPerDriver = LongStream.range(0, 3L * ScaleSchedule.DRIVERS_PER_BLOCK * perIdentifier)
                .mapToObj(i -> ScaleSchedule.driver(i, perIdentifier))
                .collect(Collectors.groupingBy(d -> d, Collectors.counting()));

        assertThat(sessionsPerDriver).hasSize(3 * ScaleSchedule.DRIVERS_PER_BLOCK);
        assertThat(new HashSet<>(sessionsPerDriver.values())).containsExactly((long) perIdentifier);
    }

    @Test
    void neighbouringSessionsHaveDifferentSharedIdentifiers() {
        Set<String> drivers = LongStream.range(5_000, 5_064).mapToObj(i -> ScaleSchedule.driver(i, 20))
                .collect(Collectors.toSet());

        assertThat(drivers).hasSize(64); // 64 parallel clients never race for one identifier's numbers
    }

    @Test
    void poolDriversAndRidersNeverOverlap() {
        Set<String> pool = LongStream.range(0, 90_000).mapToObj(i -> ScaleSchedule.poolNumber((int) i))
                .collect(Collectors.toSet());
        Set<String> people = new HashSet<>();
        for (long i = 0; i < 200_000; i += 7) {
            people.add(ScaleSchedule.driver(i, 20));
            people.add(ScaleSchedule.rider(i));
        }

        people.retainAll(pool); // a set operation: AssertJ's doesNotContainAnyElementsOf compares every pair
        assertThat(people).isEmpty();
        assertThat(ScaleSchedule.rider(99_999)).isNotEqualTo(ScaleSchedule.rider(100_000)).startsWith("+1415");
        assertThat(ScaleSchedule.driver(199_999, 20)).startsWith("+14153");
    }

    @Test
    void defaultPoolFollowsTwilioLimits() {
        ScaleOptions defaults = ScaleOptions.parse(Map.of());

        assertThat(defaults.numbers()).isEqualTo(5_500);
        assertThat(defaults.unreserved()).isEqualTo(500);
        assertThat(defaults.reserved()).isEqualTo(5_000);
        assertThat(defaults.beyondTwilioLimits()).isFalse();
        assertThat(ScaleOptions.parse(Map.of("scale-reserved", "0")).beyondTwilioLimits()).isTrue();
    }

    @Test
    void badScaleOptionsAreRefused() {
        assertThatThrownBy(() -> ScaleOptions.parse(Map.of("scale-sample", "5"))).hasMessageContaining("even");
        assertThatThrownBy(() -> ScaleOptions.parse(Map.of("scale-reserved", "5500"))).hasMessageContaining("unreserved");
        assertThatThrownBy(() -> ScaleOptions.parse(Map.of("scale-sessions-per-identifier", "501")))
                .hasMessageContaining("unreserved");
    }

    @Test
    void scaleRunsAloneWithItsOwnOptions() {
        java.nio.file.Path root = java.nio.file.Path.of("/repo");
        BenchOptions scale = BenchOptions.parse(new String[] {"--workloads=scale", "--scale-sessions=100000",
                "--checkpoints=10"}, root);

        assertThat(scale.workloads()).containsExactly(BenchOptions.SCALE);
        assertThat(BenchOptions.parse(new String[0], root).workloads()).doesNotContain(BenchOptions.SCALE);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--workloads=scale,sms"}, root))
                .hasMessageContaining("alone");
    }
}
