package io.scalepoc.ownership;

/**
 * Whether this replica can reach PostgreSQL, where every job's epoch, metadata and rows live: a
 * replica that cannot reach it can run none of its jobs, whatever leases it holds.
 */
public interface DatabaseCheck {

    /** Never throws; false when PostgreSQL did not answer a trivial query in time. */
    boolean isReachable();
}
