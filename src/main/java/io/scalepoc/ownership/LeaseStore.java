package io.scalepoc.ownership;

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
    Optional<Lease> tryAcquire(LeaseKey key, Map<String, String> attributes);

    /** Releases (deletes) a lease this replica holds; false when it was no longer ours. */
    boolean release(Lease lease);

    /** Releases every lease still held and stops the heartbeats. */
    @Override
    void close();
}
