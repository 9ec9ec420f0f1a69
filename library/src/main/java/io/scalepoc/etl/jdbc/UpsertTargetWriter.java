package io.scalepoc.etl.jdbc;

import io.scalepoc.etl.SyncRow;
import io.scalepoc.etl.TableSyncDefinition;
import io.scalepoc.etl.WatermarkStore;
import io.scalepoc.ownership.RunToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a chunk inside its transaction, in this order: the upserts ({@code INSERT ... ON CONFLICT
 * DO UPDATE}, never replacing a newer source version), the watermark, and a row in {@code
 * datasync.sync_chunk_log} (pruning the job's rows older than the retention). The epoch fence that
 * follows before the commit is the runner's, as for every catalog job (see {@code StepFencing}).
 * Either all of it commits or none does.
 */
public class UpsertTargetWriter implements ItemWriter<SyncRow> {

    private final JdbcTemplate jdbc;
    private final TableSyncDefinition definition;
    private final WatermarkStore watermarks;
    private final String upsert;
    private final ChunkAudit audit;

    public UpsertTargetWriter(
            JdbcTemplate jdbc, TableSyncDefinition definition, WatermarkStore watermarks, Duration chunkLogRetention) {
        this.jdbc = jdbc;
        this.definition = definition;
        this.watermarks = watermarks;
        List<String> columns = definition.targetColumns();
        this.upsert = "INSERT INTO " + definition.targetTable() + " AS t (" + String.join(", ", columns)
                + ", source_version, synced_at) VALUES (" + "?, ".repeat(columns.size()) + "?, now())"
                + onConflict(definition.keyColumn(), columns);
        this.audit = new ChunkAudit(jdbc, chunkLogRetention);
    }

    /**
     * The upsert's conflict clause: update every column but the key, unless the target already
     * holds a newer source version (a late or repeated chunk never goes back in version).
     */
    static String onConflict(String keyColumn, List<String> columns) {
        String updates = columns.stream()
                .filter(column -> !column.equals(keyColumn))
                .map(column -> column + " = EXCLUDED." + column)
                .collect(Collectors.joining(", "));
        return " ON CONFLICT (" + keyColumn + ") DO UPDATE SET "
                + (updates.isEmpty() ? "" : updates + ", ")
                + "source_version = EXCLUDED.source_version, synced_at = now()"
                + " WHERE t.source_version <= EXCLUDED.source_version";
    }

    @Override
    public void write(Chunk<? extends SyncRow> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        StepExecution step = currentStep();
        RunToken token = RunToken.required(step);
        List<Object[]> rows = new ArrayList<>(chunk.size());
        for (SyncRow row : chunk) {
            Object[] args = new Object[definition.targetColumns().size() + 1];
            int i = 0;
            for (String column : definition.targetColumns()) {
                args[i++] = row.values().get(column);
            }
            args[i] = row.version();
            rows.add(args);
        }
        jdbc.batchUpdate(upsert, rows);
        List<? extends SyncRow> items = chunk.getItems();
        watermarks.advance(definition.jobName(), items.get(items.size() - 1).position(), items.size());
        audit.record(token, step.getJobExecutionId(), items.size());
    }

    private StepExecution currentStep() {
        StepContext context = StepSynchronizationManager.getContext();
        if (context == null) {
            throw new IllegalStateException("Job '" + definition.jobName() + "' chunk written outside of a step");
        }
        return context.getStepExecution();
    }
}
