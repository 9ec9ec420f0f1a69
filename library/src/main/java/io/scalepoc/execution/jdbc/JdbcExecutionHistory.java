package io.scalepoc.execution.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.execution.ExecutionDetail;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.execution.RunGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the Spring Batch tables in schema {@code datasync}. Start and end times come from {@code
 * datasync.execution_clock}, where a trigger records them on PostgreSQL's clock, so that they can be
 * compared with the replica's clock (which follows PostgreSQL's) whichever replica ran the
 * execution. Only an execution older than that table falls back to Spring Batch's own timestamps,
 * local date-times of the running JVM's clock and zone, read back in this JVM's zone.
 */
public class JdbcExecutionHistory implements ExecutionHistory {

    private static final String SUMMARY_COLUMNS =
            """
            SELECT i.job_name, e.job_execution_id, e.status, e.exit_code, e.exit_message,
                   e.start_time, e.end_time, c.started_at, c.ended_at,
                   o.parameter_value AS owner, ep.parameter_value AS epoch, r.parameter_value AS run_id
            """;

    static final String SUMMARY_FROM =
            """
              FROM datasync.batch_job_execution e
              JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
              LEFT JOIN datasync.execution_clock c ON c.job_execution_id = e.job_execution_id
              LEFT JOIN datasync.batch_job_execution_params o
                     ON o.job_execution_id = e.job_execution_id AND o.parameter_name = 'owner'
              LEFT JOIN datasync.batch_job_execution_params ep
                     ON ep.job_execution_id = e.job_execution_id AND ep.parameter_name = 'epoch'
              LEFT JOIN datasync.batch_job_execution_params r
                     ON r.job_execution_id = e.job_execution_id AND r.parameter_name = 'run.id'
            """;

    /** One {@link ExecutionSummary} per row: {@link #summary}. */
    private static final String SUMMARY = SUMMARY_COLUMNS + SUMMARY_FROM;

    private final JdbcTemplate jdbc;

    public JdbcExecutionHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Instant> lastEnd(String jobName) {
        return Optional.ofNullable(lastEnds(" AND job_name = ?", jobName).get(jobName));
    }

    @Override
    public Map<String, Instant> lastEnds() {
        return lastEnds("");
    }

    /**
     * The last end of each job on PostgreSQL's clock (for a job none of whose ended executions has
     * one, Spring Batch's own end time), from the one row per job the execution trigger keeps
     * ({@code datasync.job_latest}, V11): an index lookup however large the metadata.
     */
    private Map<String, Instant> lastEnds(String condition, Object... arguments) {
        Map<String, Instant> ends = new LinkedHashMap<>();
        jdbc.query(
                "SELECT job_name, last_end_at FROM datasync.job_latest WHERE last_end_at IS NOT NULL" + condition,
                rs -> {
                    ends.put(
                            rs.getString("job_name"),
                            rs.getTimestamp("last_end_at").toInstant());
                },
                arguments);
        return ends;
    }

    @Override
    public List<ExecutionSummary> recent(String jobName, int limit) {
        return jdbc.query(
                SUMMARY + " WHERE i.job_name = ? ORDER BY e.job_execution_id DESC LIMIT ?",
                JdbcExecutionHistory::summary,
                jobName,
                limit);
    }

    @Override
    public List<ExecutionDetail> history(String jobName, OptionalLong beforeId, int limit) {
        return jdbc.query(
                SUMMARY_COLUMNS
                        + """
                             , t.parameter_value AS trigger_id,
                               (SELECT coalesce(sum(s.read_count), 0) FROM datasync.batch_step_execution s
                                 WHERE s.job_execution_id = e.job_execution_id) AS read_count,
                               (SELECT coalesce(sum(s.write_count), 0) FROM datasync.batch_step_execution s
                                 WHERE s.job_execution_id = e.job_execution_id) AS write_count,
                               (SELECT max(p.job_execution_id) FROM datasync.batch_job_execution p
                                 WHERE p.job_instance_id = e.job_instance_id
                                   AND p.job_execution_id < e.job_execution_id) AS restart_of
                        """
                        + SUMMARY_FROM
                        + """
                         LEFT JOIN datasync.batch_job_execution_params t
                                ON t.job_execution_id = e.job_execution_id AND t.parameter_name = 'trigger.id'
                        WHERE i.job_name = ? AND e.job_execution_id < ?
                        ORDER BY e.job_execution_id DESC LIMIT ?
                        """,
                (rs, row) -> {
                    String trigger = rs.getString("trigger_id");
                    long restartOf = rs.getLong("restart_of"); // 0 for NULL: execution ids start at 1
                    return new ExecutionDetail(
                            summary(rs, row),
                            rs.getLong("read_count"),
                            rs.getLong("write_count"),
                            restartOf == 0 ? null : restartOf,
                            trigger == null ? null : Long.valueOf(trigger));
                },
                jobName,
                beforeId.orElse(Long.MAX_VALUE),
                limit);
    }

    @Override
    public Map<String, ExecutionSummary> latest() {
        Map<String, ExecutionSummary> latest = new LinkedHashMap<>();
        jdbc.query(
                SUMMARY
                        + """
                         WHERE e.job_execution_id IN (SELECT latest_execution_id FROM datasync.job_latest)
                        """,
                (ResultSet rs) -> {
                    ExecutionSummary summary = summary(rs, 0);
                    latest.put(summary.jobName(), summary);
                });
        return latest;
    }

    @Override
    public Optional<ExecutionSummary> triggered(String jobName, long triggerId) {
        return jdbc
                .query(
                        SUMMARY
                                + """
                                 JOIN datasync.batch_job_execution_params t
                                   ON t.job_execution_id = e.job_execution_id AND t.parameter_name = 'trigger.id'
                                WHERE i.job_name = ? AND t.parameter_value = ?
                                ORDER BY e.job_execution_id DESC LIMIT 1
                                """,
                        JdbcExecutionHistory::summary,
                        jobName,
                        Long.toString(triggerId))
                .stream()
                .findFirst();
    }

    @Override
    public List<RunGroup> runsSince(Instant from, Duration resolution) {
        return RunTimeline.runsSince(jdbc, SUMMARY_FROM, from, resolution);
    }

    @Override
    public List<ExecutionSummary> running() {
        return jdbc.query(
                SUMMARY + " WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY e.job_execution_id",
                JdbcExecutionHistory::summary);
    }

    private static ExecutionSummary summary(ResultSet rs, int row) throws SQLException {
        String epoch = rs.getString("epoch");
        String runId = rs.getString("run_id");
        return new ExecutionSummary(
                rs.getString("job_name"),
                rs.getLong("job_execution_id"),
                rs.getString("status"),
                rs.getString("exit_code"),
                rs.getString("exit_message"),
                instant(either(rs.getTimestamp("started_at"), rs.getTimestamp("start_time"))),
                instant(either(rs.getTimestamp("ended_at"), rs.getTimestamp("end_time"))),
                rs.getString("owner"),
                epoch == null ? null : Long.valueOf(epoch),
                runId == null ? null : Long.valueOf(runId));
    }

    private static Timestamp either(Timestamp onPostgresClock, Timestamp onRunnersClock) {
        return onPostgresClock != null ? onPostgresClock : onRunnersClock;
    }
}
