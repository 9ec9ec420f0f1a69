package io.scalepoc.execution.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the Spring Batch tables in schema {@code datasync}. Spring Batch writes its timestamps as
 * local date-times of the JVM's default zone; they are read back in that zone.
 */
public class JdbcExecutionHistory implements ExecutionHistory {

    private static final String SUMMARY =
            """
            SELECT i.job_name, e.job_execution_id, e.status, e.exit_code, e.exit_message,
                   e.start_time, e.end_time, o.parameter_value AS owner, ep.parameter_value AS epoch
              FROM datasync.batch_job_execution e
              JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
              LEFT JOIN datasync.batch_job_execution_params o
                     ON o.job_execution_id = e.job_execution_id AND o.parameter_name = 'owner'
              LEFT JOIN datasync.batch_job_execution_params ep
                     ON ep.job_execution_id = e.job_execution_id AND ep.parameter_name = 'epoch'
            """;

    private final JdbcTemplate jdbc;

    public JdbcExecutionHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Instant> lastEnd(String jobName) {
        Timestamp end = jdbc.queryForObject(
                """
                SELECT max(e.end_time)
                  FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                 WHERE i.job_name = ?
                """,
                Timestamp.class,
                jobName);
        return Optional.ofNullable(end).map(Timestamp::toInstant);
    }

    @Override
    public Map<String, Instant> lastEnds() {
        Map<String, Instant> ends = new LinkedHashMap<>();
        jdbc.query(
                """
                SELECT i.job_name, max(e.end_time) AS last_end
                  FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                 WHERE e.end_time IS NOT NULL
                 GROUP BY i.job_name
                """,
                rs -> {
                    ends.put(
                            rs.getString("job_name"),
                            rs.getTimestamp("last_end").toInstant());
                });
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
    public Map<String, ExecutionSummary> latest() {
        Map<String, ExecutionSummary> latest = new LinkedHashMap<>();
        jdbc.query(
                SUMMARY
                        + """
                         WHERE e.job_execution_id IN (
                               SELECT max(le.job_execution_id)
                                 FROM datasync.batch_job_execution le
                                 JOIN datasync.batch_job_instance li ON li.job_instance_id = le.job_instance_id
                                GROUP BY li.job_name)
                        """,
                (ResultSet rs) -> {
                    ExecutionSummary summary = summary(rs, 0);
                    latest.put(summary.jobName(), summary);
                });
        return latest;
    }

    @Override
    public List<ExecutionSummary> running() {
        return jdbc.query(
                SUMMARY + " WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY e.job_execution_id",
                JdbcExecutionHistory::summary);
    }

    private static ExecutionSummary summary(ResultSet rs, int row) throws SQLException {
        String epoch = rs.getString("epoch");
        return new ExecutionSummary(
                rs.getString("job_name"),
                rs.getLong("job_execution_id"),
                rs.getString("status"),
                rs.getString("exit_code"),
                rs.getString("exit_message"),
                instant(rs.getTimestamp("start_time")),
                instant(rs.getTimestamp("end_time")),
                rs.getString("owner"),
                epoch == null ? null : Long.valueOf(epoch));
    }
}
