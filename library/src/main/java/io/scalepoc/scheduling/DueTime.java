package io.scalepoc.scheduling;

import io.scalepoc.config.JobProperties;
import java.time.Instant;
import java.util.Optional;

/**
 * When an owned job is next due. Fixed delay is measured from the end of the job's previous
 * execution as the metadata records it, whichever replica ran it, so a job taken over from another
 * replica runs when it is due rather than after a fresh initial delay; a cron job is due at its
 * first fire time after that end (so a fire missed during a hand-over runs once, at once). The
 * initial delay applies only to a job that has never finished an execution, counted from when this
 * replica acquired it (a cron job then waits for its first fire time after that).
 */
public final class DueTime {

    private DueTime() {}

    public static Instant next(Optional<Instant> lastEnd, Instant ownedSince, JobProperties job) {
        if (lastEnd.isPresent()) {
            return job.nextAfter(lastEnd.get());
        }
        Instant first = ownedSince.plus(job.initialDelay());
        return job.isCron() ? job.nextAfter(first) : first;
    }
}
