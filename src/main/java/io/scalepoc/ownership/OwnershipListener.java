package io.scalepoc.ownership;

import java.time.Duration;

/** Told about ownership changes, on the thread that made them. Implementations must not block long. */
public interface OwnershipListener {

    default void onAcquired(OwnedJob job) {}

    /** The replica gave the job up on purpose (shutdown, release request). */
    default void onReleased(OwnedJob job) {}

    /** The lease ran out or was taken over while this replica believed it owned the job. */
    default void onLost(OwnedJob job) {}

    /**
     * Waits up to {@code timeout} (zero: does not wait) until nothing this listener started for
     * {@code jobName} is still running on this replica. {@link JobOwnership} keeps a lost job's
     * tokens, and a job's lease in danger, until every listener says so. The one listener allowed
     * to block, and only here.
     *
     * @return whether nothing of the job runs here any more
     */
    default boolean awaitEnded(String jobName, Duration timeout) {
        return true;
    }

    /**
     * Fair balancing or monitor spreading asks for the job to be given up between its runs (never
     * under one): the schedule's next tick releases it instead of running it ({@link
     * JobOwnership#release(String, Duration, String)}) if the request is still due, and a peer adopts it.
     */
    default void onHandOverRequested(HandOver handOver) {}

    /**
     * A sweep tried to take the job and did not get it: {@code unavailable} (held elsewhere, or the
     * lock table did not answer) or {@code epoch_failed} (PostgreSQL did not answer; the lease was
     * given back).
     */
    default void onNotAcquired(String jobName, String reason) {}
}
