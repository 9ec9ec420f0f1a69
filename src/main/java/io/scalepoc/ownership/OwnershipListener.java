package io.scalepoc.ownership;

/** Told about ownership changes, on the thread that made them. Implementations must not block long. */
public interface OwnershipListener {

    default void onAcquired(OwnedJob job) {}

    /** The replica gave the job up on purpose (shutdown, release request). */
    default void onReleased(OwnedJob job) {}

    /** The lease ran out or was taken over while this replica believed it owned the job. */
    default void onLost(OwnedJob job) {}

    /**
     * A sweep tried to take the job and did not get it: {@code unavailable} (held elsewhere, or the
     * lock table did not answer) or {@code epoch_failed} (PostgreSQL did not answer; the lease was
     * given back).
     */
    default void onNotAcquired(String jobName, String reason) {}
}
