package io.scalepoc.etl;

import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Where a table sync reads and writes (port; the PostgreSQL adapter is {@code etl.jdbc}): a reader
 * of the source rows changed after the job's watermark, and a writer that upserts them into the
 * target with the epoch check and the watermark's advance in the chunk's transaction.
 */
public interface TableSyncIo {

    ItemStreamReader<SyncRow> reader(TableSyncDefinition definition);

    ItemWriter<SyncRow> writer(TableSyncDefinition definition);
}
