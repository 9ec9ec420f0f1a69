package io.scalepoc.testsupport;

import java.time.LocalDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** SQL over the Spring Batch tables, for assertions: what really ran, where, under which epoch. */
public final class BatchMetadata {

    private final JdbcTemplate jdbc;

    public BatchMetadata(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Execution(
            long id,
            String job,
            String status,
            long runId,
            String owner,
            Long epoch,
            LocalDateTime start,
            LocalDateTime end,
            long readCount,
            long writeCount,
            String exitMessage) {}

    public List<Execution> executions() {
        return jdbc.query(
                """
                SELECT e.job_execution_id, i.job_name, e.status, e.start_time, e.end_time, e.exit_message,
                       (SELECT p.parameter_value FROM datasync.batch_job_execution_params p
                         WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'run.id') AS run_id,
                       (SELECT p.parameter_value FROM datasync.batch_job_execution_params p
                         WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'owner') AS owner,
                       (SELECT p.parameter_value FROM datasync.batch_job_execution_params p
                         WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'epoch') AS epoch,
                       (SELECT coalesce(sum(s.read_count), 0) FROM datasync.batch_step_execution s
                         WHERE s.job_execution_id = e.job_execution_id) AS read_count,
                       (SELECT coalesce(sum(s.write_count), 0) FROM datasync.batch_step_execution s
                         WHERE s.job_execution_id = e.job_execution_id) AS write_count
                  FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                 ORDER BY e.job_execution_id
                """,
                (rs, n) -> new Execution(
                        rs.getLong("job_execution_id"),
                        rs.getString("job_name"),
                        rs.getString("status"),
                        Long.parseLong(rs.getString("run_id")),
                        rs.getString("owner"),
                        rs.getString("epoch") == null ? null : Long.valueOf(rs.getString("epoch")),
                        rs.getObject("start_time", LocalDateTime.class),
                        rs.getObject("end_time", LocalDateTime.class),
                        rs.getLong("read_count"),
                        rs.getLong("write_count"),
                        rs.getString("exit_message")));
    }

    public List<Execution> executions(String job) {
        return executions().stream()
                .filter(execution -> execution.job().equals(job))
                .toList();
    }

    /** Pairs of executions of the same job whose [start, end] intervals overlap (end null = still running). */
    /** The id of the newest execution of any job, 0 if there is none. */
    public long lastExecutionId() {
        return executions().stream().mapToLong(Execution::id).max().orElse(0);
    }

    public long overlappingExecutions() {
        return overlapping("");
    }

    /**
     * As {@link #overlappingExecutions()}, leaving out executions of owners that were frozen past
     * their lease: such an execution spans the pause by definition, and ends "Superseded" (its
     * replica noticed the lost lease first) or "Fenced" (its next commit was refused first); that
     * it committed nothing after the takeover is checked with the chunk log instead.
     */
    public long overlappingExecutionsExceptSuperseded() {
        return overlapping(
                """
                   AND coalesce(a.exit_message, '') NOT LIKE '%Superseded:%'
                   AND coalesce(b.exit_message, '') NOT LIKE '%Superseded:%'
                   AND coalesce(a.exit_message, '') NOT LIKE 'Fenced:%'
                   AND coalesce(b.exit_message, '') NOT LIKE 'Fenced:%'
                """);
    }

    private long overlapping(String extraCondition) {
        return jdbc.queryForObject(
                """
                SELECT count(*)
                  FROM datasync.batch_job_execution a
                  JOIN datasync.batch_job_instance ai ON ai.job_instance_id = a.job_instance_id
                  JOIN datasync.batch_job_execution b ON b.job_execution_id > a.job_execution_id
                  JOIN datasync.batch_job_instance bi ON bi.job_instance_id = b.job_instance_id
                 WHERE ai.job_name = bi.job_name
                   AND a.start_time < coalesce(b.end_time, 'infinity'::timestamp)
                   AND b.start_time < coalesce(a.end_time, 'infinity'::timestamp)
                """
                        + extraCondition,
                Long.class);
    }

    /** Chunks committed after a later epoch of their job had been acquired (PostgreSQL's clock on both sides). */
    public long chunksCommittedUnderAStaleEpoch() {
        return jdbc.queryForObject(
                """
                SELECT count(*) FROM datasync.sync_chunk_log c
                 WHERE EXISTS (SELECT 1 FROM datasync.job_epoch_history h
                                WHERE h.job_name = c.job_name AND h.epoch > c.epoch AND h.acquired_at < c.committed_at)
                """,
                Long.class);
    }

    public long currentEpoch(String job) {
        return jdbc.queryForObject("SELECT epoch FROM datasync.job_epoch WHERE job_name = ?", Long.class, job);
    }
}
