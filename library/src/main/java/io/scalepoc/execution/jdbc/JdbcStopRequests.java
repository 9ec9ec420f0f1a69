package io.scalepoc.execution.jdbc;

import io.scalepoc.execution.StopRequests;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One conditional UPDATE of {@code BATCH_JOB_EXECUTION}: STOPPING and a version bump (a step
 * compares versions at each chunk and then takes the stored status), only where the execution has
 * not ended. Spring Batch's own {@code JobRepository.update} would first copy the stored version onto
 * a stale copy of the execution and could then overwrite a COMPLETED execution with STOPPING.
 */
public class JdbcStopRequests implements StopRequests {

    private final JdbcTemplate jdbc;

    public JdbcStopRequests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Long> requestStop(String jobName, String owner) {
        return jdbc.queryForList(
                """
                UPDATE datasync.batch_job_execution e
                   SET status = 'STOPPING', version = e.version + 1
                  FROM datasync.batch_job_instance i, datasync.batch_job_execution_params p
                 WHERE i.job_instance_id = e.job_instance_id AND i.job_name = ?
                   AND p.job_execution_id = e.job_execution_id AND p.parameter_name = 'owner'
                   AND p.parameter_value = ?
                   AND e.status IN ('STARTING', 'STARTED') AND e.end_time IS NULL
                RETURNING e.job_execution_id
                """,
                Long.class,
                jobName,
                owner);
    }
}
