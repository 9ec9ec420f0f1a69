package io.scalepoc.etl;

import io.scalepoc.etl.jdbc.KeysetSourceReader;
import io.scalepoc.etl.jdbc.UpsertTargetWriter;
import io.scalepoc.ownership.EpochFence;
import java.time.Duration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds table-sync jobs: one chunk-oriented step that reads changed source rows after the
 * watermark, transforms them, and upserts them with the epoch check and watermark advance in each
 * chunk's transaction. Restartable: a new execution resumes from the last committed chunk.
 */
public class TableSyncJobFactory {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final WatermarkStore watermarks;
    private final EpochFence fence;
    private final Duration chunkLogRetention;

    public TableSyncJobFactory(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            JdbcTemplate jdbc,
            WatermarkStore watermarks,
            EpochFence fence,
            Duration chunkLogRetention) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.watermarks = watermarks;
        this.fence = fence;
        this.chunkLogRetention = chunkLogRetention;
    }

    public Job create(TableSyncDefinition definition) {
        RowTransform transform = definition.transform();
        Step step = new StepBuilder(definition.jobName() + ".sync", jobRepository)
                .<SyncRow, SyncRow>chunk(definition.chunkSize())
                .transactionManager(transactionManager)
                .reader(new KeysetSourceReader(jdbc, definition, watermarks))
                .processor(row -> new SyncRow(row.txid(), row.version(), transform.apply(row.values())))
                .writer(new UpsertTargetWriter(jdbc, definition, watermarks, fence, chunkLogRetention))
                .build();
        return new JobBuilder(definition.jobName(), jobRepository).start(step).build();
    }
}
