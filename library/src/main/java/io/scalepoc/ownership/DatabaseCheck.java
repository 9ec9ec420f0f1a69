package io.scalepoc.ownership;

import java.time.Duration;
import java.util.Map;
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

    /**
     * Publishes, with this replica's check-in, how many tokens' worth of jobs it is below its fair
     * share as its own view of the cluster says (negative: above it). A replica hands a job over only
     * to a member whose own published view says it would take it. Never throws.
     */
    default void publishDeficit(int deficit) {}

    /**
     * The deficits the members that checked in within {@code within} published ({@link
     * #publishDeficit}), by instance id; a member that published none is absent. Empty if PostgreSQL
     * does not answer.
     */
    default Map<String, Integer> publishedDeficits(Duration within) {
        return Map.of();
    }
}
