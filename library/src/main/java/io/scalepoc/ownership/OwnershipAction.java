package io.scalepoc.ownership;

/**
 * What {@link OwnershipMachine} decides must be done after a transition. The machine does no I/O;
 * {@link JobOwnership} carries these out in order, outside the machine's lock, on the thread that
 * fed the event.
 */
public sealed interface OwnershipAction {

    /** Ask the lease store for the job's lease (the sweep does, then feeds {@code Granted} or {@code Refused}). */
    record RequestLease(String job) implements OwnershipAction {}

    /** Tell the listeners the job is owned: its schedule starts. */
    record Schedule(OwnedJob owned) implements OwnershipAction {}

    /**
     * Tell the listeners the job is no longer owned: its schedule ends; when {@code lost}, its
     * running execution here is asked to stop.
     */
    record Unschedule(OwnedJob owned, boolean lost) implements OwnershipAction {}

    /**
     * Delete the job's lease (conditionally on our record version, so never a peer's), then feed
     * {@code LeaseDeleted}: nothing of the job runs here when this is decided.
     */
    record DeleteLease(String job, Lease lease) implements OwnershipAction {}

    /** Mark the epoch released in {@code job_epoch}. */
    record MarkReleased(OwnedJob owned) implements OwnershipAction {}

    /** Record an event in the job's story. */
    record Record(String job, String type, long epoch, String detail) implements OwnershipAction {}

    /** Announce that the job is free, so that a peer with free tokens sweeps at once. */
    record Announce(String job) implements OwnershipAction {}

    /** Tell the listeners (the job's schedule wakes) that a hand-over was requested. */
    record NotifyHandOver(HandOver handOver) implements OwnershipAction {}

    /** Tell the listeners a claim came to nothing, and why. */
    record NotAcquired(String job, String reason) implements OwnershipAction {}
}
