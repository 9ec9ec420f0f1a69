package io.scalepoc.etl.jdbc;

import io.scalepoc.etl.SyncRow;
import io.scalepoc.etl.TableSyncDefinition;
import io.scalepoc.etl.TableSyncIo;
import io.scalepoc.etl.WatermarkStore;
import java.time.Duration;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/** A table sync within PostgreSQL: {@link KeysetSourceReader} and {@link UpsertTargetWriter}. */
public class JdbcTableSyncIo implements TableSyncIo {

    private final JdbcTemplate jdbc;
    private final WatermarkStore watermarks;
    private final Duration chunkLogRetention;

    public JdbcTableSyncIo(JdbcTemplate jdbc, WatermarkStore watermarks, Duration chunkLogRetention) {
        this.jdbc = jdbc;
        this.watermarks = watermarks;
        this.chunkLogRetention = chunkLogRetention;
    }

    @Override
    public ItemStreamReader<SyncRow> reader(TableSyncDefinition definition) {
        return new KeysetSourceReader(jdbc, definition, watermarks);
    }

    @Override
    public ItemWriter<SyncRow> writer(TableSyncDefinition definition) {
        return new UpsertTargetWriter(jdbc, definition, watermarks, chunkLogRetention);
    }
}
