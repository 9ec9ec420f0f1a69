package io.scalepoc.etl;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds table-sync jobs: one chunk-oriented step that reads changed source rows after the
 * watermark, transforms them, and upserts them with the epoch check and watermark advance in each
 * chunk's transaction. Restartable: a new execution resumes from the last committed chunk.
 */
public class TableSyncJobFactory {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final TableSyncIo io;

    public TableSyncJobFactory(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, TableSyncIo io) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.io = io;
    }

    public Job create(TableSyncDefinition definition) {
        RowTransform transform = definition.transform();
        Step step = new StepBuilder(definition.jobName() + ".sync", jobRepository)
                .<SyncRow, SyncRow>chunk(definition.chunkSize())
                .transactionManager(transactionManager)
                .reader(io.reader(definition))
                .processor(row -> new SyncRow(row.txid(), row.version(), transform.apply(row.values())))
                .writer(io.writer(definition))
                .build();
        return new JobBuilder(definition.jobName(), jobRepository).start(step).build();
    }
}
