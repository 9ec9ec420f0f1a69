package io.scalepoc.monitoring.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.monitoring.AlertType;
import io.scalepoc.monitoring.SafetyAudit;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SafetyAudit} over {@code datasync.safety_audit} and {@code datasync.safety_violation}
 * (V12), reading the metadata every replica already writes: {@code execution_clock} (starts and
 * ends on PostgreSQL's clock), {@code sync_chunk_log} and {@code job_epoch_history}. Each audit reads
 * from {@link #MARGIN} before the previous one's end, so that a chunk or an execution stamped before
 * that moment but committed after it is still seen; a violation found twice is one row (unique
 * type and evidence). The reads are index range scans over the audited window.
 */
public class JdbcSafetyAudit implements SafetyAudit {

    /** How far back before the previous audit each audit looks again. */
    static final Duration MARGIN = Duration.ofMinutes(10);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public JdbcSafetyAudit(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public List<Violation> audit(String replica) {
        transactions.executeWithoutResult(status -> {
            // one auditor at a time; the others wait, then find the window already audited
            Instant from = instant(jdbc.queryForObject(
                    "SELECT audited_until - make_interval(secs => ?) FROM datasync.safety_audit WHERE id = 1 FOR UPDATE",
                    java.sql.Timestamp.class,
                    (double) MARGIN.toSeconds()));
            recordOverlaps(from, replica);
            recordStaleEpochCommits(from, replica);
            jdbc.update("UPDATE datasync.safety_audit SET audited_until = clock_timestamp() WHERE id = 1");
        });
        return jdbc.query(
                """
                SELECT type, job_name, evidence FROM datasync.safety_violation
                 WHERE found_at > clock_timestamp() - make_interval(secs => ?)
                 ORDER BY found_at DESC, id DESC
                """,
                (rs, row) -> new Violation(
                        AlertType.valueOf(rs.getString("type")), rs.getString("job_name"), rs.getString("evidence")),
                (double) ALERT_FOR.toSeconds());
    }

    /**
     * Two COMPLETED executions of one job whose spans (start to end, PostgreSQL's clock) intersect.
     * Of two overlapping spans, the one that ends first ends inside the other; so each execution that
     * ended in the window is checked against those that ended within its own span — a bounded range
     * of the {@code ended_at} index, however long the history.
     */
    private void recordOverlaps(Instant from, String replica) {
        jdbc.update(
                """
                INSERT INTO datasync.safety_violation (type, job_name, evidence, found_by)
                SELECT 'OVERLAP', r.job_name,
                       'executions ' || least(r.job_execution_id, c.job_execution_id) || ' and '
                           || greatest(r.job_execution_id, c.job_execution_id) || ' both COMPLETED and overlapped in time',
                       ?
                  FROM datasync.execution_clock r
                  JOIN datasync.batch_job_execution b ON b.job_execution_id = r.job_execution_id AND b.status = 'COMPLETED'
                  JOIN datasync.execution_clock c
                    ON c.job_name = r.job_name AND c.ended_at > r.started_at AND c.ended_at <= r.ended_at
                   AND c.job_execution_id <> r.job_execution_id
                  JOIN datasync.batch_job_execution a ON a.job_execution_id = c.job_execution_id AND a.status = 'COMPLETED'
                 WHERE r.ended_at > ?
                ON CONFLICT (type, evidence) DO NOTHING
                """,
                replica,
                java.sql.Timestamp.from(from));
    }

    /** A chunk committed after a later epoch of its job had been acquired. */
    private void recordStaleEpochCommits(Instant from, String replica) {
        jdbc.update(
                """
                INSERT INTO datasync.safety_violation (type, job_name, evidence, found_by)
                SELECT 'STALE_EPOCH_COMMIT', c.job_name,
                       'chunk ' || c.id || ' of execution ' || c.job_execution_id || ' (' || c.rows_written
                           || ' rows, by ' || coalesce(c.owner, '?') || ') committed under epoch ' || c.epoch || ' at '
                           || c.committed_at || ', after epoch ' || min(h.epoch) || ' was acquired at '
                           || min(h.acquired_at),
                       ?
                  FROM datasync.sync_chunk_log c
                  JOIN datasync.job_epoch_history h
                    ON h.job_name = c.job_name AND h.epoch > c.epoch AND h.acquired_at < c.committed_at
                 WHERE c.committed_at > ?
                 GROUP BY c.id, c.job_name, c.job_execution_id, c.rows_written, c.owner, c.epoch, c.committed_at
                ON CONFLICT (type, evidence) DO NOTHING
                """,
                replica,
                java.sql.Timestamp.from(from));
    }

    @Override
    public boolean record(Violation violation, String replica) {
        return jdbc.update(
                        """
                        INSERT INTO datasync.safety_violation (type, job_name, evidence, found_by) VALUES (?, ?, ?, ?)
                        ON CONFLICT (type, evidence) DO NOTHING
                        """,
                        violation.type().name(),
                        violation.job(),
                        violation.evidence(),
                        replica)
                == 1;
    }

    @Override
    public Map<String, Holding> holdings() {
        Map<String, Holding> holdings = new HashMap<>();
        jdbc.query(
                """
                SELECT e.job_name, e.epoch, e.owner,
                       extract(epoch FROM clock_timestamp() - h.acquired_at) AS held_seconds,
                       coalesce(c.started_at >= h.acquired_at, false) AS ran_since
                  FROM datasync.job_epoch e
                  JOIN datasync.job_epoch_history h ON h.job_name = e.job_name AND h.epoch = e.epoch
                  LEFT JOIN datasync.job_latest l ON l.job_name = e.job_name
                  LEFT JOIN datasync.execution_clock c ON c.job_execution_id = l.latest_execution_id
                 WHERE e.released_at IS NULL AND e.owner IS NOT NULL
                """,
                rs -> {
                    holdings.put(
                            rs.getString("job_name"),
                            new Holding(
                                    rs.getLong("epoch"),
                                    rs.getString("owner"),
                                    Duration.ofMillis(Math.round(rs.getDouble("held_seconds") * 1000)),
                                    rs.getBoolean("ran_since")));
                });
        return holdings;
    }

    @Override
    public Map<AlertType, Long> totals() {
        Map<AlertType, Long> totals = new EnumMap<>(AlertType.class);
        RECORDED.forEach(type -> totals.put(type, 0L));
        jdbc.query("SELECT type, count(*) AS n FROM datasync.safety_violation GROUP BY type", rs -> {
            totals.put(AlertType.valueOf(rs.getString("type")), rs.getLong("n"));
        });
        return totals;
    }

    @Override
    public Instant since() {
        return instant(
                jdbc.queryForObject("SELECT since FROM datasync.safety_audit WHERE id = 1", java.sql.Timestamp.class));
    }
}
