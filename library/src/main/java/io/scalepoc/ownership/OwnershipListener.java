package io.scalepoc.ownership;

/** Told about ownership changes, on the thread that made them. Implementations must not block long. */
public interface OwnershipListener {

    default void onAcquired(OwnedJob job) {}

    /** The replica gave the job up on purpose (shutdown, release request). */
    default void onReleased(OwnedJob job) {}

    /** The lease ran out or was taken over while this replica believed it owned the job. */
    default void onLost(OwnedJob job) {}

    /**
     * The job was given up while its execution may still run here: ask that execution again to stop
     * (the first request, at {@link #onLost}, may have come just before the execution was created).
     * Called at every scan while the job is retiring; must not block. The ownership state machine
     * learns that the run ended from the job's tick, not from here.
     */
    default void askToStop(String jobName) {}

    /**
     * Fair balancing or monitor spreading asks for the job to be given up between its runs (never
     * under one): the listener wakes the job's schedule, whose next tick carries it out ({@link
     * JobOwnership#beginTick}) if the request is still due, and a peer adopts the job.
     */
    default void onHandOverRequested(HandOver handOver) {}

    /**
     * A sweep tried to take the job and did not get it: {@code unavailable} (held elsewhere, or the
     * lock table did not answer) or {@code epoch_failed} (PostgreSQL did not answer; the lease was
     * given back).
     */
    default void onNotAcquired(String jobName, String reason) {}
}
