package io.scalepoc.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.execution.JobCatalog;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.RunToken;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.SlowCustomersSync;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The table-sync job type against a real PostgreSQL: the target equals the transformed source
 * after a sync, and after a failure mid-run followed by a restart, which resumes from the last
 * committed chunk. The replica here has no tokens, so nothing runs but what the test launches.
 */
class TableSyncIntegrationTest {

    private static final int ROWS = 1234;
    private static final int CHUNK = 100;
    private static final AtomicLong failAtId = new AtomicLong(-1);

    private Replica replica;

    @BeforeEach
    void startReplica() {
        replica = Replica.builder("etl-test", Cluster.create())
                .tokens(0)
                .property("scalepoc.demo.chunk-size", CHUNK)
                .withConfiguration(FlakySync.class)
                .start();
        DemoData.seed(replica.jdbc(), ROWS);
    }

    @AfterEach
    void stopReplica() {
        replica.close();
        failAtId.set(-1);
    }

    @Test
    void shouldMakeEveryTargetEqualItsTransformedSourceAfterASync() throws Exception {
        for (String job : List.of("customers-sync", "products-sync", "orders-sync", "payments-sync")) {
            assertThat(run(job, 1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        }

        assertThat(DemoData.mismatches(replica.jdbc())).isEqualTo(DemoData.noMismatches());
    }

    @Test
    void shouldPickUpOnlyChangedRowsInTheNextRun() throws Exception {
        run("customers-sync", 1);
        replica.jdbc().update("UPDATE source.customers SET country = 'fr' WHERE id <= 7");
        replica.jdbc().update("INSERT INTO source.customers (name, email, country) VALUES ('New', 'NEW@X.ORG', 'us')");

        JobExecution second = run("customers-sync", 2);

        assertThat(second.getStepExecutions()).singleElement().satisfies(step -> assertThat(step.getReadCount())
                .isEqualTo(8));
        assertThat(DemoData.mismatches(replica.jdbc()).get("customers")).isZero();
    }

    @Test
    void shouldResumeFromTheLastCommittedChunkWhenRestartedAfterAFailureMidRun() throws Exception {
        failAtId.set(750);

        JobExecution failed = run(FlakySync.JOB, 1);

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        long committed = replica.jdbc().queryForObject("SELECT count(*) FROM datasync.customers", Long.class);
        assertThat(committed).isEqualTo(700);
        assertThat(replica.jdbc()
                        .queryForObject(
                                "SELECT rows_synced FROM datasync.sync_watermark WHERE job_name = ?",
                                Long.class,
                                FlakySync.JOB))
                .isEqualTo(700);

        failAtId.set(-1);
        JobExecution restarted = run(FlakySync.JOB, 1);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId())
                .isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(restarted.getStepExecutions()).singleElement().satisfies(step -> assertThat(step.getReadCount())
                .isEqualTo(ROWS - 700));
        assertThat(DemoData.mismatches(replica.jdbc()).get("customers")).isZero();
        assertThat(new BatchMetadata(replica.jdbc()).overlappingExecutions()).isZero();
    }

    @Test
    void shouldLogEveryCommittedChunkAndPruneEntriesOlderThanTheRetention() throws Exception {
        replica.jdbc()
                .update(
                        "INSERT INTO datasync.sync_chunk_log (job_name, epoch, job_execution_id, rows_written, committed_at)"
                                + " VALUES ('customers-sync', 1, 0, 1, now() - interval '8 days'), ('products-sync', 1, 0, 1, now() - interval '8 days')");

        run("customers-sync", 1);

        // 1234 rows in chunks of 100: 13 chunks, each logged with its epoch and execution; the
        // customers entry older than the 7-day retention is gone, the other job's is not its business.
        assertThat(replica.jdbc()
                        .queryForList(
                                "SELECT rows_written FROM datasync.sync_chunk_log WHERE job_name = 'customers-sync'",
                                Integer.class))
                .hasSize(13)
                .containsOnly(100, 34);
        assertThat(replica.jdbc()
                        .queryForObject(
                                "SELECT count(*) FROM datasync.sync_chunk_log WHERE job_name = 'products-sync'",
                                Long.class))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseToCommitAChunkOfAnExecutionWhoseEpochIsNoLongerCurrent() throws Exception {
        long epoch = replica.bean(EpochStore.class).advance("customers-sync", "etl-test");
        replica.bean(EpochStore.class).advance("customers-sync", "someone-else");

        JobExecution fenced = replica.jobOperator().start(job("customers-sync"), parameters(1, epoch));

        assertThat(fenced.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(fenced.getAllFailureExceptions())
                .anySatisfy(e -> assertThat(e).hasStackTraceContaining("Fenced"));
        assertThat(replica.jdbc().queryForObject("SELECT count(*) FROM datasync.customers", Long.class))
                .isZero();
    }

    @Test
    void shouldResumeASetBasedSyncFromItsLastCommittedChunkAfterTheFenceRolledOneBack() throws Exception {
        // products-sync is a declarative table-sync (SetBasedTableSync, a tasklet step): its chunk
        // statement runs, then the fence refuses the commit. Spring Batch still saves the step's
        // execution context after the failure, so a position kept there would be the rolled-back one.
        long stale = replica.bean(EpochStore.class).advance("products-sync", "etl-test");
        replica.bean(EpochStore.class).advance("products-sync", "etl-test");

        JobExecution fenced = replica.jobOperator().start(job("products-sync"), parameters(1, stale));

        assertThat(fenced.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(fenced.getAllFailureExceptions())
                .anySatisfy(e -> assertThat(e).hasStackTraceContaining("Fenced"));
        assertThat(replica.jdbc().queryForObject("SELECT count(*) FROM datasync.products", Long.class))
                .isZero();

        JobExecution resumed = run("products-sync", 1);

        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.getJobInstance().getInstanceId())
                .isEqualTo(fenced.getJobInstance().getInstanceId());
        assertThat(resumed.getStepExecutions()).singleElement().satisfies(step -> assertThat(step.getReadCount())
                .as("the resumed run reads every row: the fenced chunk committed nothing")
                .isEqualTo(ROWS));
        assertThat(DemoData.mismatches(replica.jdbc()).get("products")).isZero();
    }

    private JobExecution run(String job, long runId) throws Exception {
        long epoch = replica.bean(EpochStore.class).current(job).orElseGet(() -> replica.bean(EpochStore.class)
                .advance(job, "etl-test"));
        return replica.jobOperator().start(job(job), parameters(runId, epoch));
    }

    private Job job(String name) {
        // the flaky job is a bean outside the catalog; declarative jobs are made when first asked for
        return FlakySync.JOB.equals(name)
                ? replica.bean(name, Job.class)
                : replica.bean(JobCatalog.class).job(name);
    }

    private static JobParameters parameters(long runId, long epoch) {
        return new JobParametersBuilder()
                .addLong(JobRunner.RUN_ID, runId)
                .addString(RunToken.OWNER, "etl-test", false)
                .addLong(RunToken.EPOCH, epoch, false)
                .toJobParameters();
    }

    /** The customers sync with a transform that fails at one chosen row (registered explicitly, not scanned). */
    static class FlakySync {

        static final String JOB = "flaky-customers-sync";

        @Bean(JOB)
        Job flakyCustomersSync(TableSyncJobFactory factory) {
            return SlowCustomersSync.customersSync(factory, JOB, CHUNK, row -> {
                if (((Number) row.get("id")).longValue() == failAtId.get()) {
                    throw new IllegalStateException("transform failure injected at row " + row.get("id"));
                }
            });
        }
    }
}
