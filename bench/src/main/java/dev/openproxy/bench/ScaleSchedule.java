package dev.openproxy.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * When the scale run measures, and who takes part in each Session, as pure functions of the Session's index, so that
 * a resumed run (a new process on the same data) goes on with the same identifiers and never reuses one.
 *
 * <p>Identifiers: the first participant of Session {@code i} is a shared "driver" identifier, the second a "rider"
 * identifier of its own. Sessions come in blocks of {@link #DRIVERS_PER_BLOCK} * {@code sessionsPerIdentifier};
 * within a block Session {@code i} gets driver {@code i % DRIVERS_PER_BLOCK} of the block, so each driver joins
 * exactly {@code sessionsPerIdentifier} Sessions, all active at once, and must be given a different proxy number in
 * each of them (the (identifier, proxy number) rule). Consecutive Sessions have different drivers, so the parallel
 * clients do not race for one driver's numbers. Every proxy number is then shared by many Sessions.
 */
final class ScaleSchedule {

    static final int DRIVERS_PER_BLOCK = 1_000;
    /** The made-up numbers: pool 415-200-0000 up, drivers 415-300-0000 up, riders 415-400-0000 up. */
    private static final long POOL_BASE = 14_152_000_000L;
    private static final long DRIVER_BASE = 14_153_000_000L;
    private static final long RIDER_BASE = 14_154_000_000L;

    private ScaleSchedule() {
    }

    /**
     * The Session counts at which to measure: 0 (before seeding), then {@code target * k / checkpoints} for k = 1 ..
     * checkpoints, without repeats.
     */
    static List<Integer> checkpoints(int target, int checkpoints) {
        List<Integer> at = new ArrayList<>();
        at.add(0);
        for (int k = 1; k <= checkpoints; k++) {
            int sessions = (int) ((long) target * k / checkpoints);
            if (sessions > at.get(at.size() - 1)) {
                at.add(sessions);
            }
        }
        return at;
    }

    /** The checkpoints a run still has to measure, given the last one an earlier run measured (-1: none). */
    static List<Integer> remaining(List<Integer> checkpoints, int lastMeasured) {
        return checkpoints.stream().filter(sessions -> sessions > lastMeasured).toList();
    }

    static String poolNumber(int index) {
        return "+" + (POOL_BASE + index);
    }

    /** The shared identifier of Session {@code index}. */
    static String driver(long index, int sessionsPerIdentifier) {
        long block = index / ((long) DRIVERS_PER_BLOCK * sessionsPerIdentifier);
        return "+" + (DRIVER_BASE + block * DRIVERS_PER_BLOCK + index % DRIVERS_PER_BLOCK);
    }

    /** The identifier of Session {@code index}'s second participant, used by no other Session. */
    static String rider(long index) {
        return "+" + (RIDER_BASE + index);
    }
}
