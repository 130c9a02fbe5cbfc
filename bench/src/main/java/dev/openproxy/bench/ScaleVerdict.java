package dev.openproxy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a figure grows with the number of Sessions, from the checkpoints: a least-squares line through
 * (sessions, value), and the growth that line predicts over the measured range compared with what counts as noise.
 * A figure "grows" when that growth exceeds both an absolute floor (a shared machine's jitter: milliseconds for a
 * latency, megabytes for a heap) and a fraction of the figure's median. It is a reading of the figures, not a test.
 */
final class ScaleVerdict {

    /** Fewer points than this cannot tell a slope from noise. */
    static final int MIN_POINTS = 3;

    private ScaleVerdict() {
    }

    record Point(double sessions, double value) {
    }

    /**
     * @param slopePer10k       the line's change per 10,000 Sessions
     * @param growthOverRange   what the line predicts from the first to the last checkpoint
     * @param projectedAtTarget the line's value at {@code target} Sessions
     * @param grows             null: too few points
     */
    record Trend(String figure, String unit, int points, double first, double last, double median, double slopePer10k,
                 double growthOverRange, double projectedAtTarget, int target, Boolean grows) {

        String describe() {
            if (grows == null) {
                return String.format(Locale.ROOT, "%s: %d checkpoint(s), too few for a trend", figure, points);
            }
            return String.format(Locale.ROOT, "%s %s (%s %+.2f %s per 10k sessions; line %s at %,d)", figure,
                    grows ? "GROWS" : "flat", Report.number(first) + " -> " + Report.number(last), slopePer10k, unit,
                    Report.number(projectedAtTarget), target);
        }
    }

    /** Least squares: {slope, intercept}; a flat line through the mean when every x is the same. */
    static double[] fit(List<Point> points) {
        double n = points.size();
        double meanX = points.stream().mapToDouble(Point::sessions).sum() / n;
        double meanY = points.stream().mapToDouble(Point::value).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (Point p : points) {
            sxy += (p.sessions() - meanX) * (p.value() - meanY);
            sxx += (p.sessions() - meanX) * (p.sessions() - meanX);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new double[] {slope, meanY - slope * meanX};
    }

    /**
     * @param absoluteNoise growth below this is noise whatever the figure (e.g. 10 ms, 16 MB)
     * @param relativeNoise growth below this fraction of the median is noise
     */
    static Trend trend(String figure, String unit, List<Point> measured, int target, double absoluteNoise,
                       double relativeNoise) {
        List<Point> points = measured.stream().filter(p -> !Double.isNaN(p.value())).toList();
        if (points.isEmpty()) {
            return new Trend(figure, unit, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    target, null);
        }
        double[] line = fit(points);
        double minX = points.stream().mapToDouble(Point::sessions).min().orElseThrow();
        double maxX = points.stream().mapToDouble(Point::sessions).max().orElseThrow();
        double growth = line[0] * (maxX - minX);
        double median = median(points.stream().mapToDouble(Point::value).toArray());
        Boolean grows = points.size() < MIN_POINTS ? null
                : growth > Math.max(absoluteNoise, relativeNoise * Math.abs(median));
        return new Trend(figure, unit, points.size(), points.get(0).value(), points.get(points.size() - 1).value(),
                median, line[0] * 10_000, growth, line[1] + line[0] * target, target, grows);
    }

    /** One line over all trends: what grows, or that nothing measured does. */
    static String verdict(List<Trend> trends) {
        List<String> growing = new ArrayList<>();
        boolean undecided = false;
        for (Trend trend : trends) {
            if (trend.grows() == null) {
                undecided = true;
            } else if (trend.grows()) {
                growing.add(trend.figure());
            }
        }
        if (!growing.isEmpty()) {
            return "VERDICT: grows with the number of sessions: " + String.join(", ", growing);
        }
        return undecided ? "VERDICT: too few checkpoints to read a trend (at least " + MIN_POINTS + " are needed)"
                : "VERDICT: no figure grows with the number of sessions beyond the noise allowance";
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
