package io.scalepoc.etl.jdbc;

import io.scalepoc.etl.Watermark;
import io.scalepoc.etl.WatermarkStore;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Watermarks in {@code datasync.sync_watermark}. */
public class JdbcWatermarkStore implements WatermarkStore {

    private final JdbcTemplate jdbc;

    public JdbcWatermarkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Watermark load(String jobName) {
        List<Watermark> found = jdbc.query(
                "SELECT last_txid, last_version FROM datasync.sync_watermark WHERE job_name = ?",
                (rs, rowNum) -> new Watermark(rs.getLong(1), rs.getLong(2)),
                jobName);
        return found.isEmpty() ? Watermark.START : found.get(0);
    }

    /**
     * A statement part ({@code INSERT … SELECT … ON CONFLICT}) advancing a job's watermark from the
     * {@code rows, row_txid, row_version} of {@code last}, for a set-based chunk statement; one
     * parameter: the job name.
     */
    static final String ADVANCE_FROM_LAST =
            """
            INSERT INTO datasync.sync_watermark (job_name, last_txid, last_version, rows_synced, updated_at)
            SELECT ?, row_txid, row_version, rows, now() FROM last
            ON CONFLICT (job_name) DO UPDATE
               SET last_txid = EXCLUDED.last_txid, last_version = EXCLUDED.last_version,
                   rows_synced = datasync.sync_watermark.rows_synced + EXCLUDED.rows_synced, updated_at = now()
            """;

    @Override
    public void advance(String jobName, Watermark to, int rows) {
        jdbc.update(
                """
                INSERT INTO datasync.sync_watermark (job_name, last_txid, last_version, rows_synced, updated_at)
                VALUES (?, ?, ?, ?, now())
                ON CONFLICT (job_name) DO UPDATE
                   SET last_txid = EXCLUDED.last_txid, last_version = EXCLUDED.last_version,
                       rows_synced = datasync.sync_watermark.rows_synced + EXCLUDED.rows_synced, updated_at = now()
                """,
                jobName,
                to.txid(),
                to.version(),
                rows);
    }
}
