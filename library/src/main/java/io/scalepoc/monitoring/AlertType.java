package io.scalepoc.monitoring;

/**
 * What can be wrong, and who notices. docs/monitoring.md says what to do about each.
 *
 * <ul>
 *   <li>Self-monitor (the owner, for each owned, unpaused job): {@link #STALE}, {@link #STUCK},
 *       {@link #FAILING}, {@link #SCHEDULE_DEAD}; {@link #MONITOR_SILENT} instead of STALE for a
 *       monitor job.
 *   <li>Global monitors (one replica each): {@link #ORPHANED}, {@link #CAPACITY_SHORTFALL},
 *       {@link #ZOMBIE_EXECUTION}, and cluster-wide {@link #STALE}, {@link #STUCK} and {@link
 *       #MONITOR_SILENT} (the same rule as the self-monitor's, for jobs that ran at least once).
 *   <li>Every replica, about itself: {@link #CLOCK_SKEW}.
 *   <li>The global monitors' safety audit: {@link #OVERLAP}, {@link #STALE_EPOCH_COMMIT}, {@link
 *       #HELD_IDLE}.
 * </ul>
 */
public enum AlertType {
    /** Nobody holds the job's lease: a monitor could take it. */
    ORPHANED,
    /** Not running, and later than its fixed delay (or initial delay) plus the grace. */
    STALE,
    /** One execution has run longer than the job's max-duration. */
    STUCK,
    /** The last failure-threshold executions all FAILED. */
    FAILING,
    /** The owner holds the job but its schedule is dead; the owner's liveness is DOWN. */
    SCHEDULE_DEAD,
    /** The live members' tokens are fewer than the weight of the enabled jobs. Cluster-wide. */
    CAPACITY_SHORTFALL,
    /** An execution is recorded as running but its owner is not a live member. */
    ZOMBIE_EXECUTION,
    /**
     * A global monitor has not run for longer than its fixed delay plus the grace, or one of its
     * runs has lasted that long.
     */
    MONITOR_SILENT,
    /**
     * A replica's wall clock differs from PostgreSQL's by more than max-clock-skew. Its job field is
     * the replica's instance id. Decisions follow PostgreSQL's clock anyway.
     */
    CLOCK_SKEW,
    /**
     * Safety audit: two COMPLETED runs of the job overlapped in time (PostgreSQL's clock). Open for
     * a day after the last one found.
     */
    OVERLAP,
    /**
     * Safety audit: a chunk was committed under an epoch older than the job's epoch at that moment
     * (a later acquisition came before the commit). Open for a day after the last one found.
     */
    STALE_EPOCH_COMMIT,
    /**
     * Safety audit: a live member has held the job's lease for longer than two fixed delays, its
     * initial delay and a lease, and no run has started since it acquired it, none is running, and
     * the job is not paused: held, never run.
     */
    HELD_IDLE
}
