package io.scalepoc.ownership;

import java.time.Duration;
import java.util.Set;

/**
 * Whether replicas can reach PostgreSQL, where every job's epoch, metadata and rows live: a replica
 * that cannot reach it can run none of its jobs, whatever leases it holds.
 */
public interface DatabaseCheck {

    /**
     * Records, on PostgreSQL's clock, that this replica reaches PostgreSQL now. Never throws.
     *
     * @return false when PostgreSQL did not answer in time
     */
    boolean checkIn();

    /** The replicas that checked in within {@code within}, judged on PostgreSQL's clock; empty if it does not answer. */
    Set<String> checkedInWithin(Duration within);

    /**
     * Removes this replica's check-in: it is leaving (shutdown), so peers stop counting on it at
     * once rather than when its check-in ages out. Never throws.
     */
    default void checkOut() {}
}
