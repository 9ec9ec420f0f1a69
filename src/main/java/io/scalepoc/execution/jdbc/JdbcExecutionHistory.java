package io.scalepoc.execution.jdbc;

import io.scalepoc.execution.ExecutionHistory;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the Spring Batch tables in schema {@code datasync}. Spring Batch writes its timestamps as
 * local date-times of the JVM's default zone; they are read back in that zone.
 */
public class JdbcExecutionHistory implements ExecutionHistory {

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
}
