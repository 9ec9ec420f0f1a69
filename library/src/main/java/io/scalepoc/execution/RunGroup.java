package io.scalepoc.execution;

import java.time.Duration;
import java.time.Instant;

/**
 * Runs of one job drawn as one bar of the run timeline: the executions that started within the same
 * slot of the timeline's resolution with the same outcome, owner, epoch and trigger (a triggered
 * run is always a group of its own). {@code end} is null while one of them runs. Times are on
 * PostgreSQL's clock.
 *
 * @param outcome COMPLETED, FAILED, FENCED, SUPERSEDED, RECOVERED (an orphan failed by recovery),
 *     STOPPED, ABANDONED, RUNNING or UNKNOWN
 * @param rowsWritten rows the runs' steps wrote, together
 * @param lag for a table-sync job's completed runs, the longest time from the start of the previous
 *     completed run to the end of one of these: how old a change could get before a run synced it
 *     (null otherwise, and for the first completed run of the window)
 * @param tableSync whether the job keeps a table-sync watermark
 */
public record RunGroup(
        String jobName,
        String outcome,
        String owner,
        Long epoch,
        Long triggerId,
        int runs,
        long firstExecutionId,
        long lastExecutionId,
        Instant start,
        Instant end,
        long rowsWritten,
        Duration lag,
        boolean tableSync) {}
