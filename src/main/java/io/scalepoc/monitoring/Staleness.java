package io.scalepoc.monitoring;

import java.time.Duration;
import java.time.Instant;

/** The one wording of a STALE / MONITOR_SILENT condition, whichever monitor finds it. */
final class Staleness {

    private Staleness() {}

    static String describe(String job, AlertType type, Instant lastEnd, Instant due, Instant now) {
        String late =
                Duration.between(due, now).withNanos(0).toString().substring(2).toLowerCase();
        String what = type == AlertType.MONITOR_SILENT ? "monitor '" + job + "'" : "job '" + job + "'";
        return lastEnd == null
                ? what + " has not run since it was claimed; it was due at " + due + ", " + late + " ago"
                : what + " last ended at " + lastEnd + " and was due again at " + due + ", " + late + " ago";
    }
}
