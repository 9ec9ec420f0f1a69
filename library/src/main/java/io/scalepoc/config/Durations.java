package io.scalepoc.config;

import java.time.Duration;

/** Checks of configured durations. */
final class Durations {

    private Durations() {}

    static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
