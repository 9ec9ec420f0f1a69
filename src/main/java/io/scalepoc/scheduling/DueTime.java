package io.scalepoc.scheduling;

import io.scalepoc.config.ScalePocProperties.JobProperties;
import java.time.Instant;
import java.util.Optional;

/**
 * When an owned job is next due. Fixed delay is measured from the end of the job's previous
 * execution as the metadata records it, whichever replica ran it, so a job taken over from another
 * replica runs when it is due rather than after a fresh initial delay. The initial delay applies
 * only to a job that has never finished an execution, counted from when this replica acquired it.
 */
public final class DueTime {

    private DueTime() {}

    public static Instant next(Optional<Instant> lastEnd, Instant ownedSince, JobProperties job) {
        return lastEnd.map(end -> end.plus(job.fixedDelay())).orElseGet(() -> ownedSince.plus(job.initialDelay()));
    }
}
