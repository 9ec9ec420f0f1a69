package io.scalepoc.monitoring;

import io.scalepoc.config.JobProperties;
import io.scalepoc.execution.ExecutionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one rule for "is this unpaused job keeping to its schedule", shared by the self-monitor and
 * the global monitors so that they never disagree about an alert they both check:
 *
 * <ul>
 *   <li>running longer than its max-duration: STUCK. A monitor job runs for moments, so a monitor
 *       execution running for longer than its fixed delay plus the grace (a hung run, or a frozen
 *       replica) makes it MONITOR_SILENT;
 *   <li>not running, and later than due plus the grace — due is the last end plus the fixed delay,
 *       or, for a job that never ran, the owner's claim plus the initial delay: STALE (MONITOR_SILENT
 *       for a monitor job).
 * </ul>
 */
final class Freshness {

    private Freshness() {}

    /**
     * The condition {@code job} is in, if any.
     *
     * @param lastEnd end of its last finished execution, or null
     * @param running its execution recorded as running, or null
     * @param due when it is due if it is not running, or null when that cannot be told (never ran,
     *     and the caller does not own it)
     */
    static Optional<Condition> check(
            String job,
            JobProperties props,
            boolean monitor,
            Instant lastEnd,
            ExecutionSummary running,
            Instant due,
            Duration grace,
            Instant now) {
        String what = monitor ? "monitor '" + job + "'" : "job '" + job + "'";
        AlertType lateType = monitor ? AlertType.MONITOR_SILENT : AlertType.STALE;
        if (running != null) {
            Duration runningFor = running.duration(now);
            if (monitor && runningFor.compareTo(props.fixedDelay().plus(grace)) > 0) {
                return Condition.of(
                        new AlertKey(AlertType.MONITOR_SILENT, job),
                        what + " has been in execution " + running.executionId() + " since " + running.start()
                                + " (on '" + running.owner() + "'), " + age(runningFor)
                                + "; its runs take moments: the run hangs or its replica is frozen");
            } else if (!monitor && runningFor.compareTo(props.maxDuration()) > 0) {
                return Condition.of(
                        new AlertKey(AlertType.STUCK, job),
                        "execution " + running.executionId() + " of job '" + job + "' (on '" + running.owner()
                                + "') has run for " + age(runningFor) + ", longer than its max-duration "
                                + props.maxDuration());
            }
        } else if (due != null && now.isAfter(due.plus(grace))) {
            String late = age(Duration.between(due, now)) + " ago";
            return Condition.of(
                    new AlertKey(lateType, job),
                    lastEnd == null
                            ? what + " has not run since it was claimed; it was due at " + due + ", " + late
                            : what + " last ended at " + lastEnd + " and was due again at " + due + ", " + late);
        }
        return Optional.empty();
    }

    private static String age(Duration duration) {
        return duration.withNanos(0).toString().substring(2).toLowerCase();
    }
}
