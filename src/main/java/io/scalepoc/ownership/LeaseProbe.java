package io.scalepoc.ownership;

import java.util.List;

/**
 * The monitors' view of the lease table, through a lock client of its own: a short lease, no
 * heartbeat thread, never blocking. Probing a lease means trying to take it and, if that works,
 * deleting it again at once: a lease that can be taken has no live holder. As with the owners'
 * client, a lease whose holder stopped renewing it counts as free only once this probe has seen it
 * unchanged for the holder's whole lease duration, so one instance must serve every probe.
 */
public interface LeaseProbe extends AutoCloseable {

    enum Result {
        /** Nobody held it; the probe took it and deleted it again. */
        FREE,
        /** A live holder has it. */
        HELD,
        /** The lock table did not answer or the item is unreadable: no conclusion. */
        UNKNOWN
    }

    Result probe(LeaseKey key);

    /**
     * Every lease item in the table, read with a (paginated, consistent) scan.
     *
     * @throws io.scalepoc.support.DependencyUnavailableException when the table cannot be read
     */
    List<LeaseRecord> list();

    /**
     * Checks that the lock table answers (describes it).
     *
     * @throws io.scalepoc.support.DependencyUnavailableException when it does not
     */
    void ping();

    @Override
    void close();
}
