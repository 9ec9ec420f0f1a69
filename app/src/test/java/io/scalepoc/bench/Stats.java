package io.scalepoc.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** min / median / max of a benchmark's repetitions. */
record Stats(double min, double median, double max) {

    static Stats of(List<? extends Number> values) {
        List<Double> sorted = new ArrayList<>();
        values.forEach(value -> sorted.add(value.doubleValue()));
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(sorted.get(0), median, sorted.get(n - 1));
    }

    /** Percentile (nearest rank) of {@code values}, {@code p} in 0..100. */
    static double percentile(List<? extends Number> values, double p) {
        List<Double> sorted = new ArrayList<>();
        values.forEach(value -> sorted.add(value.doubleValue()));
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    String format(String pattern) {
        return String.format(pattern, min) + " / " + String.format(pattern, median) + " / "
                + String.format(pattern, max);
    }
}
