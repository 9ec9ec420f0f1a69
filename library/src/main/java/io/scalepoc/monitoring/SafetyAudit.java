package io.scalepoc.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The metadata the global monitors' safety audit reads: what ownership promises, measured after
 * the fact on PostgreSQL's clock rather than assumed. Each run records the violations committed
 * since the previous run looked ({@link #audit}); {@link GlobalChecks#safety} turns recent ones and
 * held-but-idle leases into alerts.
 */
public interface SafetyAudit {

    /** Violation types recorded by {@link #audit} and counted by {@link #totals}. */
    List<AlertType> RECORDED = List.of(AlertType.OVERLAP, AlertType.STALE_EPOCH_COMMIT, AlertType.HELD_IDLE);

    /** How long a recorded violation keeps its alert open. */
    Duration ALERT_FOR = Duration.ofHours(24);

    /**
     * Looks at everything committed since the previous audit (and a margin before it, for
     * transactions that were still open then), records each OVERLAP and STALE_EPOCH_COMMIT not
     * recorded yet, and moves the audit on to now.
     *
     * @param replica who audits, recorded with each new violation
     * @return the violations recorded within {@link #ALERT_FOR}, newest first
     */
    List<Violation> audit(String replica);

    /** Records a violation found from outside the metadata (HELD_IDLE); true when it was not recorded before. */
    boolean record(Violation violation, String replica);

    /** Each job's current epoch: who acquired it, how long ago, and whether a run started since. */
    Map<String, Holding> holdings();

    /** Every violation recorded since the audit began, by type (each recorded type present). */
    Map<AlertType, Long> totals();

    /** When the audit began: "0 violations since …". */
    Instant since();

    /** One violation: its type, the job, and the evidence (executions, chunk, epochs, times). */
    record Violation(AlertType type, String job, String evidence) {}

    /**
     * A job's current epoch.
     *
     * @param epoch the current epoch
     * @param owner who acquired it
     * @param heldFor how long ago, on PostgreSQL's clock
     * @param ranSince whether an execution of the job started after the acquisition
     */
    record Holding(long epoch, String owner, Duration heldFor, boolean ranSince) {}
}
