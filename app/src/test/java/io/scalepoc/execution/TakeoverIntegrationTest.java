package io.scalepoc.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.RunToken;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.NonRestartableJob;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a replica does with a job it takes over from another: it keeps the job's cluster-wide
 * fixed-delay rhythm, and it recovers and restarts an execution the previous owner left running.
 * The history is written by a first replica with no tokens, standing for the previous owner.
 */
class TakeoverIntegrationTest {

    @Test
    void shouldRunATakenOverJobWhenItIsDueRatherThanAfterAFreshInitialDelay() throws Exception {
        Cluster cluster = Cluster.create();
        try (Replica previousOwner =
                Replica.builder("previous-owner", cluster).tokens(0).start()) {
            DemoData.seed(previousOwner.jdbc(), 10);
            long epoch = previousOwner.bean(EpochStore.class).advance("customers-sync", "previous-owner");
            JobExecution earlier = previousOwner
                    .jobOperator()
                    .start(previousOwner.bean("customers-sync", Job.class), parameters(1000, "previous-owner", epoch));
            assertThat(earlier.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        }

        // Both jobs would wait an hour if the initial delay applied; only the one with history may run.
        try (Replica adopter = Replica.builder("adopter", cluster)
                .tokens(2)
                .onlyJobs("1s", "customers-sync", "products-sync")
                .job("customers-sync", "initial-delay", "1h")
                .job("products-sync", "initial-delay", "1h")
                .start()) {
            BatchMetadata metadata = new BatchMetadata(adopter.jdbc());

            await().atMost(Duration.ofSeconds(20)).until(() -> metadata.executions("customers-sync").stream()
                    .anyMatch(execution -> execution.owner().equals("adopter")
                            && execution.status().equals("COMPLETED")));
            assertThat(metadata.executions("customers-sync").stream()
                            .filter(e -> e.owner().equals("adopter")))
                    .allSatisfy(execution -> assertThat(execution.epoch()).isEqualTo(2));
            assertThat(metadata.executions("products-sync")).isEmpty();
        }
    }

    @Test
    void shouldRecoverAnExecutionLeftRunningByADeadOwnerAndRestartItUnderTheNewEpoch() {
        Cluster cluster = Cluster.create();
        long orphanId;
        try (Replica previousOwner =
                Replica.builder("previous-owner", cluster).tokens(0).start()) {
            DemoData.seed(previousOwner.jdbc(), 250);
            long epoch = previousOwner.bean(EpochStore.class).advance("customers-sync", "dead-replica");
            orphanId = leaveRunning(
                    previousOwner.bean(JobRepository.class), "customers-sync", parameters(4242, "dead-replica", epoch));
        }

        try (Replica adopter = Replica.builder("adopter", cluster)
                .tokens(1)
                .onlyJobs("1s", "customers-sync")
                .start()) {
            BatchMetadata metadata = new BatchMetadata(adopter.jdbc());

            await().atMost(Duration.ofSeconds(20)).until(() -> metadata.executions("customers-sync").stream()
                    .anyMatch(execution ->
                            execution.runId() == 4242 && execution.status().equals("COMPLETED")));
            List<Execution> runs = metadata.executions("customers-sync").stream()
                    .filter(execution -> execution.runId() == 4242)
                    .toList();
            assertThat(runs.get(0).id()).isEqualTo(orphanId);
            assertThat(runs.get(0).status()).isEqualTo("FAILED");
            assertThat(runs.get(1).owner()).isEqualTo("adopter");
            assertThat(runs.get(1).epoch()).isEqualTo(2);
            assertThat(runs.get(1).status()).isEqualTo("COMPLETED");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> DemoData.mismatches(adopter.jdbc()).get("customers") == 0);
        }
    }

    @Test
    void shouldStartAJobThatPreventsRestartAfreshInsteadOfRestartingTheExecutionLeftRunning() {
        Cluster cluster = Cluster.create();
        try (Replica previousOwner = Replica.builder("previous-owner", cluster)
                .tokens(0)
                .withConfiguration(NonRestartableJob.class)
                .onlyJobs("1s", NonRestartableJob.JOB)
                .start()) {
            long epoch = previousOwner.bean(EpochStore.class).advance(NonRestartableJob.JOB, "dead-replica");
            leaveRunning(
                    previousOwner.bean(JobRepository.class),
                    NonRestartableJob.JOB,
                    parameters(4343, "dead-replica", epoch));
        }

        try (Replica adopter = Replica.builder("adopter", cluster)
                .tokens(1)
                .withConfiguration(NonRestartableJob.class)
                .onlyJobs("1s", NonRestartableJob.JOB)
                .start()) {
            BatchMetadata metadata = new BatchMetadata(adopter.jdbc());

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> metadata.executions(NonRestartableJob.JOB).stream()
                                    .filter(execution -> execution.status().equals("COMPLETED"))
                                    .count()
                            >= 2);
            List<Execution> runs = metadata.executions(NonRestartableJob.JOB);
            assertThat(runs.get(0).runId()).isEqualTo(4343);
            assertThat(runs.get(0).status()).isEqualTo("FAILED");
            assertThat(runs.subList(1, runs.size()))
                    .allSatisfy(run -> {
                        assertThat(run.runId()).isNotEqualTo(4343);
                        assertThat(run.owner()).isEqualTo("adopter");
                    })
                    .anySatisfy(run -> assertThat(run.status()).isEqualTo("COMPLETED"));
        }
    }

    /** What a replica killed mid-run leaves behind: an execution recorded as STARTED, forever. */
    private static long leaveRunning(JobRepository repository, String job, JobParameters parameters) {
        JobInstance instance = repository.createJobInstance(job, parameters);
        JobExecution orphan = repository.createJobExecution(instance, parameters, new ExecutionContext());
        orphan.setStartTime(LocalDateTime.now());
        orphan.setStatus(BatchStatus.STARTED);
        repository.update(orphan);
        return orphan.getId();
    }

    private static JobParameters parameters(long runId, String owner, long epoch) {
        return new JobParametersBuilder()
                .addLong(JobRunner.RUN_ID, runId)
                .addString(RunToken.OWNER, owner, false)
                .addLong(RunToken.EPOCH, epoch, false)
                .toJobParameters();
    }
}
