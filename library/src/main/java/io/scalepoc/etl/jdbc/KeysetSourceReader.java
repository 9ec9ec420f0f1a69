package io.scalepoc.etl.jdbc;

import io.scalepoc.etl.SyncRow;
import io.scalepoc.etl.TableSyncDefinition;
import io.scalepoc.etl.Watermark;
import io.scalepoc.etl.WatermarkStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads changed source rows in keyset pages ordered by {@code (row_txid, row_version)}, starting
 * after the committed watermark, so a restart resumes from the last committed chunk.
 *
 * <p>At open it takes the horizon {@code pg_snapshot_xmin(pg_current_snapshot())}: every
 * transaction with a smaller id has finished, and every later one gets a larger id. Reading only
 * rows below the horizon means no transaction can commit a row behind the watermark later, and a
 * run ends even while the source keeps changing; newer rows are read by the next run.
 */
public class KeysetSourceReader implements ItemStreamReader<SyncRow> {

    private final JdbcTemplate jdbc;
    private final TableSyncDefinition definition;
    private final WatermarkStore watermarks;
    private final String pageQuery;
    private final Deque<SyncRow> buffer = new ArrayDeque<>();
    private Watermark position;
    private long horizon;
    private boolean exhausted;

    public KeysetSourceReader(JdbcTemplate jdbc, TableSyncDefinition definition, WatermarkStore watermarks) {
        this.jdbc = jdbc;
        this.definition = definition;
        this.watermarks = watermarks;
        this.pageQuery = "SELECT " + String.join(", ", definition.sourceColumns()) + ", row_txid, row_version FROM "
                + definition.sourceTable() + " WHERE (row_txid, row_version) > (?, ?) AND row_txid < ?"
                + " ORDER BY row_txid, row_version LIMIT ?";
    }

    @Override
    public void open(ExecutionContext executionContext) {
        buffer.clear();
        exhausted = false;
        position = watermarks.load(definition.jobName());
        horizon = jdbc.queryForObject("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class);
    }

    @Override
    public SyncRow read() {
        if (buffer.isEmpty() && !exhausted) {
            fetchPage();
        }
        return buffer.poll();
    }

    private void fetchPage() {
        List<SyncRow> page = jdbc.query(
                pageQuery,
                (rs, rowNum) -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (String column : definition.sourceColumns()) {
                        values.put(column, rs.getObject(column));
                    }
                    return new SyncRow(rs.getLong("row_txid"), rs.getLong("row_version"), values);
                },
                position.txid(),
                position.version(),
                horizon,
                definition.chunkSize());
        if (page.size() < definition.chunkSize()) {
            exhausted = true;
        }
        if (!page.isEmpty()) {
            position = page.get(page.size() - 1).position();
        }
        buffer.addAll(page);
    }

    @Override
    public void update(ExecutionContext executionContext) {
        if (position != null) {
            executionContext.putLong("read.txid", position.txid());
            executionContext.putLong("read.version", position.version());
        }
    }

    @Override
    public void close() {
        buffer.clear();
    }
}
