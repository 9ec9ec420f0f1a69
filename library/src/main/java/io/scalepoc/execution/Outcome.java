package io.scalepoc.execution;

import io.scalepoc.ownership.RunToken;
import io.scalepoc.ownership.StaleEpochException;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * What an execution's end means, and what its exit message should say where Spring Batch's own
 * record would mislead. A pure function of the execution as it ended, the run token it ran under
 * and the job's current epoch; {@link JobRunner} records the message.
 *
 * @param kind what happened
 * @param exitMessage the exit message to record (the execution then ends FAILED), or empty to keep
 *     Spring Batch's record
 */
public record Outcome(Kind kind, Optional<String> exitMessage) {

    public enum Kind {
        /** Spring Batch's record says what happened (COMPLETED, STOPPED, or FAILED without a known cause). */
        AS_RECORDED,
        /**
         * The job was taken over while this execution ran: its chunk was rejected by the epoch
         * fence, and its final metadata update collided with the new owner's recovery of it
         * (optimistic locking), which Spring Batch records as UNKNOWN; or it ended FAILED without a
         * failure of its own, the status the recovery gave it, after the epoch moved.
         */
        SUPERSEDED,
        /** A chunk was rejected by the epoch fence ({@link StaleEpochException}). */
        FENCED,
        /** It failed for another reason: the exit message names the innermost cause of its first failure. */
        FAILED
    }

    private static final Outcome AS_RECORDED = new Outcome(Kind.AS_RECORDED, Optional.empty());

    /**
     * @param execution the execution as {@code JobOperator.start} returned it
     * @param token the ownership it ran under
     * @param currentEpoch the job's epoch now (needed only for an UNKNOWN execution), or empty if unknown
     */
    public static Outcome classify(JobExecution execution, RunToken token, OptionalLong currentEpoch) {
        if (execution.getStatus() == BatchStatus.UNKNOWN
                && currentEpoch.isPresent()
                && currentEpoch.getAsLong() != token.epoch()) {
            return superseded(token, currentEpoch.getAsLong());
        }
        if (execution.getStatus() != BatchStatus.FAILED) {
            return AS_RECORDED;
        }
        Optional<StaleEpochException> fenced = fencedBy(execution);
        if (fenced.isPresent()) {
            return new Outcome(Kind.FENCED, Optional.of(fenced.get().getMessage()));
        }
        Optional<String> cause = rootCause(execution);
        if (cause.isEmpty() && currentEpoch.isPresent() && currentEpoch.getAsLong() != token.epoch()) {
            // FAILED without a failure of its own: the new owner's recovery marked it FAILED while this
            // replica was frozen, and Spring Batch's final update took that status over (and dropped the
            // recovery's exit message)
            return superseded(token, currentEpoch.getAsLong());
        }
        return cause.map(message -> new Outcome(Kind.FAILED, Optional.of(message)))
                .orElse(AS_RECORDED);
    }

    private static Outcome superseded(RunToken token, long currentEpoch) {
        return new Outcome(
                Kind.SUPERSEDED,
                Optional.of("Superseded: replica '" + token.owner() + "' lost job '" + token.job() + "' at epoch "
                        + token.epoch() + " to epoch " + currentEpoch + " while this execution ran"
                        + " (lease expired, e.g. during a long pause); any chunk it tried to commit after that was"
                        + " rolled back (by the epoch fence, or by PostgreSQL ending a chunk transaction that sat"
                        + " idle for a whole lease)"));
    }

    /** Whether the job's current epoch matters for {@code execution}'s outcome (it ended UNKNOWN or FAILED). */
    public static boolean needsCurrentEpoch(JobExecution execution) {
        return execution.getStatus() == BatchStatus.UNKNOWN || execution.getStatus() == BatchStatus.FAILED;
    }

    /** The epoch fence that failed a chunk of {@code execution}, if that is why it failed. */
    private static Optional<StaleEpochException> fencedBy(JobExecution execution) {
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof StaleEpochException stale) {
                    return Optional.of(stale);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The innermost cause of the execution's first failure. Spring Batch would record the outermost
     * exception's stack trace cut at 2,500 characters, which usually ends before the cause; the
     * step execution keeps the trace.
     */
    private static Optional<String> rootCause(JobExecution execution) {
        return execution.getAllFailureExceptions().stream().findFirst().map(failure -> {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "Failed: " + root.getClass().getName() + ": " + root.getMessage()
                    + " (the step execution's exit message has the stack trace)";
        });
    }
}
