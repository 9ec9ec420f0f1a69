package io.scalepoc.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.execution.JobRunner;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.Lease;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.ownership.RunToken;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The ready-to-run queries in db/queries (as packaged in the jar), against real executions: a
 * completed run on each of two replicas, a run fenced by a newer epoch, and an execution a dead
 * replica left running under an epoch that has since moved on. Runs go through each replica's own
 * runner; the replicas have no tokens, so nothing else runs.
 */
class MetadataQueriesIntegrationTest {

    private static Replica replicaA;
    private static Replica replicaB;
    private static long fencedRunId;

    @BeforeAll
    static void runJobs() throws Exception {
        Cluster cluster = Cluster.create();
        replicaA = Replica.builder("replica-a", cluster).tokens(0).start();
        replicaB = Replica.builder("replica-b", cluster).tokens(0).start();
        DemoData.seed(replicaA.jdbc(), 120);
        EpochStore epochs = replicaA.bean(EpochStore.class);

        long customers = epochs.advance("customers-sync", "replica-a");
        assertThat(run(replicaA, "customers-sync", customers).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(run(replicaB, "products-sync", epochs.advance("products-sync", "replica-b"))
                        .getStatus())
                .isEqualTo(BatchStatus.COMPLETED);
        replicaA.jdbc()
                .update("INSERT INTO source.customers (name, email, country) VALUES ('Late', 'late@x.org', 'fr')");
        epochs.advance("customers-sync", "replica-b");
        JobExecution fenced = run(replicaA, "customers-sync", customers);
        assertThat(fenced.getStatus()).isEqualTo(BatchStatus.FAILED);
        fencedRunId = fenced.getJobParameters().getLong(JobRunner.RUN_ID);

        long orders = epochs.advance("orders-sync", "gone");
        JobRepository repository = replicaA.bean(JobRepository.class);
        JobParameters parameters = new JobParametersBuilder()
                .addLong(JobRunner.RUN_ID, 4242L)
                .addString(RunToken.OWNER, "gone", false)
                .addLong(RunToken.EPOCH, orders, false)
                .toJobParameters();
        JobInstance instance = repository.createJobInstance("orders-sync", parameters);
        JobExecution orphan = repository.createJobExecution(instance, parameters, new ExecutionContext());
        orphan.setStartTime(LocalDateTime.now());
        orphan.setStatus(BatchStatus.STARTED);
        repository.update(orphan);
        epochs.advance("orders-sync", "successor");
    }

    @AfterAll
    static void stop() {
        replicaA.close();
        replicaB.close();
    }

    /** Runs {@code job} through the replica's own runner, as its schedule would, at {@code epoch}. */
    private static JobExecution run(Replica replica, String job, long epoch) {
        Lease held = new Lease() {
            @Override
            public LeaseKey key() {
                return LeaseKey.job(job);
            }

            @Override
            public boolean isHeld() {
                return true;
            }

            @Override
            public boolean isLost() {
                return false;
            }
        };
        return replica.bean(JobRunner.class)
                .run(new OwnedJob(job, epoch, 1, Instant.now(), held), OptionalLong.empty())
                .orElseThrow();
    }

    @Test
    void shouldShowTheLastRunOfEveryJobWithItsOwnerAndEpoch() throws IOException {
        List<Map<String, Object>> rows = query("last-run-per-job.sql");

        assertThat(rows)
                .extracting(row -> row.get("job_name"))
                .containsExactly("customers-sync", "orders-sync", "products-sync");
        assertThat(rows.get(0))
                .containsEntry("status", "FAILED")
                .containsEntry("owner", "replica-a")
                .containsEntry("epoch", 1L)
                .containsEntry("run_id", 3L);
        assertThat(rows.get(1)).containsEntry("status", "STARTED").containsEntry("owner", "gone");
        assertThat(rows.get(2))
                .containsEntry("status", "COMPLETED")
                .containsEntry("owner", "replica-b")
                .containsEntry("rows_written", 120L);
    }

    @Test
    void shouldShowWhatRunsNowAndWhetherItsEpochIsStillCurrent() throws IOException {
        List<Map<String, Object>> rows = query("running-now.sql");

        assertThat(rows).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("job_name", "orders-sync")
                .containsEntry("owner", "gone")
                .containsEntry("epoch", 1L)
                .containsEntry("epoch_is_current", false)
                .containsEntry("current_owner", "successor"));
    }

    @Test
    void shouldListFailuresOfTheLastDayWithTheirReason() throws IOException {
        List<Map<String, Object>> rows = query("failures-last-24h.sql");

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row)
                    .containsEntry("job_name", "customers-sync")
                    .containsEntry("status", "FAILED")
                    .containsEntry("owner", "replica-a");
            assertThat((String) row.get("exit_message"))
                    .contains("Fenced: job 'customers-sync' execution carries epoch 1");
        });
    }

    @Test
    void shouldGiveDurationPercentilesOfCompletedRunsPerJob() throws IOException {
        List<Map<String, Object>> rows = query("duration-percentiles.sql");

        assertThat(rows).extracting(row -> row.get("job_name")).containsExactly("customers-sync", "products-sync");
        for (Map<String, Object> row : rows) {
            assertThat(row.get("executions")).isEqualTo(1L);
            java.math.BigDecimal p50 = (java.math.BigDecimal) row.get("p50_s");
            java.math.BigDecimal max = (java.math.BigDecimal) row.get("max_s");
            assertThat(p50).isPositive().isLessThanOrEqualTo((java.math.BigDecimal) row.get("p95_s"));
            assertThat((java.math.BigDecimal) row.get("p99_s")).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void shouldCountExecutionsPerReplica() throws IOException {
        List<Map<String, Object>> rows = query("executions-per-replica.sql");

        assertThat(rows).extracting(row -> row.get("owner")).containsExactly("replica-a", "gone", "replica-b");
        assertThat(rows.get(0))
                .containsEntry("executions", 2L)
                .containsEntry("completed", 1L)
                .containsEntry("failed", 1L)
                .containsEntry("job_names", "customers-sync");
        assertThat(rows.get(2))
                .containsEntry("executions", 1L)
                .containsEntry("completed", 1L)
                .containsEntry("job_names", "products-sync");
    }

    private static List<Map<String, Object>> query(String file) throws IOException {
        try (InputStream sql =
                MetadataQueriesIntegrationTest.class.getResourceAsStream("/db/scalepoc/queries/" + file)) {
            assertThat(sql)
                    .as("db/scalepoc/queries/%s packaged on the classpath", file)
                    .isNotNull();
            return replicaA.jdbc().queryForList(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
