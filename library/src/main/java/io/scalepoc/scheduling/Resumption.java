package io.scalepoc.scheduling;

import io.scalepoc.config.JobProperties;
import io.scalepoc.config.RetryProperties;
import io.scalepoc.execution.ExecutionSummary;
import java.time.Instant;
import java.util.List;

/**
 * Whether a job's next run continues its latest one — a restart of the same JobInstance (same
 * {@code run.id}), which Spring Batch starts from the last committed chunk with the reader's saved
 * state — and when. A pure function of the job's recent executions, newest first:
 *
 * <ul>
 *   <li>the latest was <b>interrupted by the cluster</b> — STOPPED (drained at shutdown, stopped
 *       when its lease was in danger or given up), or FAILED because ownership moved (fenced,
 *       superseded, recovered after its owner died): {@link Now}, at once, whoever owns the job now;
 *   <li>it <b>failed on its own</b> and the job has failed fewer than {@code retry.max-attempts}
 *       times in a row: {@link Later}, after the back-off for that many failures counted from its
 *       end, but never later than the schedule would run the job (fixed delay, next cron fire);
 *   <li>otherwise (completed, never ran, or out of attempts: left FAILED): {@link Fresh}, the fixed
 *       delay's schedule.
 * </ul>
 *
 * Interruptions neither count as failures nor break a run of them. A job built with {@code
 * preventRestart()} is started afresh by the runner instead, with the same timing.
 */
final class Resumption {

    /** Exit messages of executions that ended because ownership moved, not because the job failed. */
    private static final List<String> OWNERSHIP_MOVED = List.of("Fenced:", "Superseded:", "Recovered by ");

    private Resumption() {}

    sealed interface Plan {}

    /** The regular schedule; a new run. */
    record Fresh() implements Plan {}

    /** Restart {@code runId} at once: the cluster interrupted it. */
    record Now(long runId, String why) implements Plan {}

    /** Restart {@code runId} at {@code due}: attempt {@code attempt} after {@code attempt - 1} failures. */
    record Later(long runId, Instant due, int attempt) implements Plan {}

    static Plan plan(List<ExecutionSummary> newestFirst, JobProperties job) {
        RetryProperties retry = job.retry();
        if (newestFirst.isEmpty()) {
            return new Fresh();
        }
        ExecutionSummary latest = newestFirst.get(0);
        if (latest.runId() == null || latest.isRunning()) {
            return new Fresh();
        }
        if (interrupted(latest)) {
            return new Now(
                    latest.runId(),
                    "STOPPED".equals(latest.status()) ? "it was stopped" : "ownership moved while it ran");
        }
        if (!latest.isFailed() || latest.end() == null) {
            return new Fresh();
        }
        int failures = 0;
        for (ExecutionSummary execution : newestFirst) {
            if (interrupted(execution)) {
                continue;
            }
            if (!execution.isFailed()) {
                break;
            }
            failures++;
        }
        if (failures >= retry.maxAttempts()) {
            return new Fresh();
        }
        Instant retryAt = latest.end().plus(retry.backoff(failures));
        Instant scheduled = job.nextAfter(latest.end());
        // a retry never waits longer than the schedule (fixed delay or next fire) would
        return new Later(latest.runId(), retryAt.isAfter(scheduled) ? scheduled : retryAt, failures + 1);
    }

    /** Ended because of the cluster (a stop, or ownership moving), not because of the job. */
    static boolean interrupted(ExecutionSummary execution) {
        if ("STOPPED".equals(execution.status())) {
            return true;
        }
        String message = execution.exitMessage();
        return execution.isFailed()
                && message != null
                && OWNERSHIP_MOVED.stream().anyMatch(message::startsWith);
    }

    /** How many executions {@link #plan} needs to see: enough to count the failures in a row. */
    static int depth(RetryProperties retry) {
        return Math.max(retry.maxAttempts(), 1) * 2 + 1;
    }
}
