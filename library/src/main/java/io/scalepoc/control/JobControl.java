package io.scalepoc.control;

import java.time.Instant;

/**
 * The control state of one job, as stored in PostgreSQL: whether it is paused (and by whom, when,
 * why), whether a release was requested and not yet carried out by its owner, and since when its
 * oldest waiting trigger waits ({@code triggerRequestedAt}, null when none waits).
 */
public record JobControl(
        String jobName,
        boolean paused,
        String pausedBy,
        Instant pausedAt,
        String pauseReason,
        Instant triggerRequestedAt,
        Instant releaseRequestedAt) {

    /** A job nobody ever paused or asked anything of. */
    public static JobControl none(String jobName) {
        return new JobControl(jobName, false, null, null, null, null, null);
    }

    public boolean triggerRequested() {
        return triggerRequestedAt != null;
    }

    public boolean releaseRequested() {
        return releaseRequestedAt != null;
    }
}
