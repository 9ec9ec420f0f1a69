package io.scalepoc.ownership;

import java.util.List;

/**
 * The lock table as the monitors and the claim sweeps read it, besides the owners' lock client:
 * consistent scans ({@link #list}, judged by {@link LeaseSightings}) and the conditional reclaim
 * of a lease seen idle. Nothing here acquires or renews a lease.
 */
public interface LeaseProbe extends AutoCloseable {

    enum Result {
        /** Nobody holds it: no item, or an idle one that was reclaimed (deleted) just now. */
        FREE,
        /** A live holder has it. */
        HELD,
        /** The lock table did not answer or the item is unreadable: no conclusion. */
        UNKNOWN
    }

    /**
     * Frees a lease that {@link LeaseSightings} found idle: deletes it only if its record version is
     * still the one {@code idle} carries, so it succeeds exactly where a take-over by the lock client
     * would (nobody renewed it for a whole lease) and fails harmlessly where the holder renewed it
     * since. One conditional write, made only for a lease seen idle.
     *
     * @return FREE if it was deleted, HELD if its version moved (or it is gone), UNKNOWN if the table did not answer
     */
    Result reclaim(LeaseRecord idle);

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
