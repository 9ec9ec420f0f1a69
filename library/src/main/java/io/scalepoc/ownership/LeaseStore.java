package io.scalepoc.ownership;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The port to the lease table. Acquisition never blocks on a lease somebody else holds: "not
 * acquired" is the normal answer {@link Optional#empty()}, whether the lease is held by another
 * replica, the item is unreadable, or the store is unreachable (the implementation logs which).
 * A lease whose holder stopped renewing it becomes acquirable once this store has itself seen it
 * unchanged for a whole lease duration.
 */
public interface LeaseStore extends AutoCloseable {

    /** Tries once to take {@code key}, storing {@code attributes} with it. */
    default Optional<Lease> tryAcquire(LeaseKey key, Map<String, String> attributes) {
        return tryAcquire(key, attributes, () -> {});
    }

    /**
     * Tries once to take {@code key}; if renewals of the lease then fail for long enough that it is
     * in danger of expiring, {@code onDanger} runs once, on one of the store's threads (so it must
     * return promptly: other leases' callbacks may be waiting), while there is still time to stop
     * work before another replica may take the lease. From then on the lease counts as no longer
     * held.
     */
    Optional<Lease> tryAcquire(LeaseKey key, Map<String, String> attributes, Runnable onDanger);

    /**
     * Takes over a lease that {@link LeaseSightings} found idle: deletes it only if its record
     * version is still {@code version} (nobody renewed it since it was seen standing still for a
     * whole lease), then acquires it as {@link #tryAcquire(LeaseKey, Map, Runnable)} does, so this
     * store's lock client heartbeats and releases it from then on. Empty when the holder renewed
     * it meanwhile, another replica was faster, or the table did not answer.
     */
    Optional<Lease> takeOver(LeaseKey key, String version, Map<String, String> attributes, Runnable onDanger);

    /**
     * Starts this store's expiry clock on each of {@code keys} that exists, acquiring none of them:
     * a lease whose holder has stopped renewing it can then be taken by the first {@link
     * #tryAcquire} made a whole lease after this call, rather than a lease after the first attempt.
     * A replica restarted in place observes its catalog while it proves its predecessor dead, so
     * that it adopts the jobs its predecessor left in the same lease.
     */
    void observe(Collection<LeaseKey> keys);

    /**
     * How long after a lease's danger callback no other replica can take the lease yet: the time
     * left to stop the lease's work while it is still safely ours.
     */
    Duration timeLeftInDanger();

    /** Releases (deletes) a lease this replica holds; false when it was no longer ours. */
    boolean release(Lease lease);

    /** Releases every lease still held and stops the heartbeats. */
    @Override
    void close();
}
