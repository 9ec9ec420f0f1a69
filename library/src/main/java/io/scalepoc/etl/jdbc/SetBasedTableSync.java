package io.scalepoc.etl.jdbc;

import io.scalepoc.config.DeclarativeJobs.TableSync;
import io.scalepoc.etl.Watermark;
import io.scalepoc.etl.WatermarkStore;
import io.scalepoc.ownership.RunToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A declarative table sync run inside PostgreSQL: each call is one chunk and one transaction (the
 * step's), and <b>one statement</b> does the chunk's work — read the next {@code chunk-size}
 * changed source rows after the watermark and below the run's horizon, transform them (the column
 * expressions), upsert them ({@link UpsertTargetWriter#onConflict}: never back in version), move the
 * watermark to the chunk's last row and audit the chunk — so no row passes through the JVM and a
 * chunk costs one round trip besides the runner's epoch fence and Spring Batch's own bookkeeping.
 * It continues while chunks come back full.
 *
 * <p>At the first call of each step execution it takes the horizon ({@code
 * pg_snapshot_xmin(pg_current_snapshot())}, as the Java path's reader does at open), loads the
 * committed watermark and prunes the audit; the position then travels in the step's execution
 * context from chunk to chunk of that execution. A restarted execution never resumes from the
 * context it inherits: Spring Batch saves a failed step's context even when its last chunk rolled
 * back (a fenced chunk, whose statement had already moved the position), so only the watermark,
 * committed in the chunk's own transaction, says where the last committed chunk ended.
 */
class SetBasedTableSync implements Tasklet {

    private static final String EXECUTION = "sync.step-execution";
    private static final String HORIZON = "sync.horizon";
    private static final String TXID = "sync.txid";
    private static final String VERSION = "sync.version";

    private final String jobName;
    private final int chunkSize;
    private final JdbcTemplate jdbc;
    private final WatermarkStore watermarks;
    private final ChunkAudit audit;
    private final String chunkStatement;

    SetBasedTableSync(
            String jobName, TableSync sync, JdbcTemplate jdbc, WatermarkStore watermarks, Duration chunkLogRetention) {
        this.jobName = jobName;
        this.chunkSize = sync.chunkSize();
        this.jdbc = jdbc;
        this.watermarks = watermarks;
        this.audit = new ChunkAudit(jdbc, chunkLogRetention);
        this.chunkStatement = chunkStatement(sync);
    }

    /**
     * The chunk's statement; parameters: watermark txid, watermark version, horizon, chunk size, job
     * name (watermark), then job name, epoch, job execution id, owner (audit). Answers one row
     * (rows in the chunk, last txid, last version) unless the chunk is empty, when it changes nothing.
     */
    static String chunkStatement(TableSync sync) {
        List<String> selected = new ArrayList<>();
        sync.columns().forEach((column, expression) -> selected.add("(" + expression + ") AS " + column));
        List<String> columns = new ArrayList<>(sync.columns().keySet());
        return "WITH batch AS (SELECT " + String.join(", ", selected) + ", s.row_txid, s.row_version"
                + " FROM " + sync.source() + " s"
                + " WHERE (s.row_txid, s.row_version) > (?, ?) AND s.row_txid < ?"
                + " ORDER BY s.row_txid, s.row_version LIMIT ?),"
                + " upserted AS (INSERT INTO " + sync.target() + " AS t (" + String.join(", ", columns)
                + ", source_version, synced_at) SELECT " + String.join(", ", columns)
                + ", row_version, now() FROM batch"
                + UpsertTargetWriter.onConflict(sync.key(), columns) + "),"
                + " last AS (SELECT (SELECT count(*) FROM batch) AS rows, row_txid, row_version FROM batch"
                + " ORDER BY row_txid DESC, row_version DESC LIMIT 1),"
                + " watermark AS (" + JdbcWatermarkStore.ADVANCE_FROM_LAST + "),"
                + " audit AS (" + ChunkAudit.recordFrom("last", "rows") + ")"
                + " SELECT rows, row_txid, row_version FROM last";
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        RunToken token = RunToken.required(step);
        ExecutionContext context = step.getExecutionContext();
        long execution = step.getId();
        if (!context.containsKey(EXECUTION) || context.getLong(EXECUTION) != execution) {
            context.putLong(EXECUTION, execution);
            context.putLong(
                    HORIZON,
                    jdbc.queryForObject("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class));
            Watermark committed = watermarks.load(jobName);
            context.putLong(TXID, committed.txid());
            context.putLong(VERSION, committed.version());
            audit.prune(jobName);
        }
        List<Map<String, Object>> result = jdbc.queryForList(
                chunkStatement,
                context.getLong(TXID),
                context.getLong(VERSION),
                context.getLong(HORIZON),
                chunkSize,
                jobName,
                jobName,
                token.epoch(),
                step.getJobExecutionId(),
                token.owner());
        if (result.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        Map<String, Object> last = result.get(0);
        int rows = ((Number) last.get("rows")).intValue();
        context.putLong(TXID, ((Number) last.get("row_txid")).longValue());
        context.putLong(VERSION, ((Number) last.get("row_version")).longValue());
        for (int i = 0; i < rows; i++) {
            contribution.incrementReadCount();
        }
        contribution.incrementWriteCount(rows);
        return rows < chunkSize ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
    }
}
