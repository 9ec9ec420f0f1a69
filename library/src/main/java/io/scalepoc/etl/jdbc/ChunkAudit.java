package io.scalepoc.etl.jdbc;

import io.scalepoc.ownership.RunToken;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit row every committed chunk of a table sync leaves in {@code datasync.sync_chunk_log}
 * (job, epoch, execution, owner, rows; stamped by PostgreSQL's clock), written in the chunk's
 * transaction, and the pruning of the job's rows older than the retention.
 */
final class ChunkAudit {

    private final JdbcTemplate jdbc;
    private final Duration retention;

    ChunkAudit(JdbcTemplate jdbc, Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    void record(RunToken token, long jobExecutionId, int rows) {
        prune(token.job());
        jdbc.update(
                "INSERT INTO datasync.sync_chunk_log (job_name, epoch, job_execution_id, owner, rows_written)"
                        + " VALUES (?, ?, ?, ?, ?)",
                token.job(),
                token.epoch(),
                jobExecutionId,
                token.owner(),
                rows);
    }

    /** Deletes the job's audit rows older than the retention. */
    void prune(String jobName) {
        jdbc.update(
                "DELETE FROM datasync.sync_chunk_log WHERE job_name = ? AND committed_at < now() - make_interval(secs => ?)",
                jobName,
                retention.toSeconds());
    }

    /**
     * A statement part ({@code INSERT … SELECT}) recording a chunk, for a set-based chunk statement;
     * parameters: job name, epoch, job execution id, owner; rows from {@code rowsColumn} of {@code from}.
     */
    static String recordFrom(String from, String rowsColumn) {
        return "INSERT INTO datasync.sync_chunk_log (job_name, epoch, job_execution_id, owner, rows_written)"
                + " SELECT ?, ?, ?, ?, " + rowsColumn + " FROM " + from;
    }
}
