package io.scalepoc.execution.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.execution.JobCatalog;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.RunToken;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Metadata retention against a real PostgreSQL and Spring Batch's own repository: what it deletes
 * (instances that ended before the cutoff, with everything that hangs off them), what it keeps
 * (each job's latest instance, anything without an end time, anything recent), that it works
 * through a backlog in batches, and that it steps aside while another replica holds the lock. The
 * cutoff moves by giving the pruner a clock 40 days ahead, not by rewriting end times. scale-poc's
 * own records (events, acquisitions, resolved alerts, ended triggers) are kept to the same
 * retention on PostgreSQL's clock: rows written with times 40 days back go, the rest stay.
 */
class MetadataRetentionIntegrationTest {

    private static final Duration RETENTION = Duration.ofDays(30);

    @Test
    void shouldDeleteOnlyInstancesThatEndedBeforeTheCutoffAndKeepEachJobsLatestAndAnythingRunning() throws Exception {
        try (Replica replica =
                Replica.builder("pruner", Cluster.create()).tokens(0).start()) {
            JdbcTemplate jdbc = replica.jdbc();
            JobRepository repository = replica.bean(JobRepository.class);
            // the runs below are launched by hand under epoch 1, which the runner's fence checks
            for (String job : List.of("customers-sync", "products-sync")) {
                assertThat(replica.bean(EpochStore.class).advance(job, "pruner"))
                        .isEqualTo(1);
            }
            long leftRunning = startedButNeverEnded(repository, "customers-sync", 1);
            List<Long> customers = List.of(
                    run(replica, "customers-sync", 2),
                    run(replica, "customers-sync", 3),
                    run(replica, "customers-sync", 4));
            long products = run(replica, "products-sync", 5);

            assertThat(retention(replica, Clock.systemUTC()).prune())
                    .as("nothing is older than the retention yet")
                    .isZero();
            assertThat(instances(jdbc))
                    .containsExactly(leftRunning, customers.get(0), customers.get(1), customers.get(2), products);

            List<Long> oldInstances = customers.subList(0, 2);
            List<Long> oldExecutions = jdbc.queryForList(
                    "SELECT job_execution_id FROM datasync.batch_job_execution WHERE job_instance_id IN (?, ?)",
                    Long.class,
                    oldInstances.toArray());
            assertThat(rowsOf(jdbc, oldExecutions))
                    .as("parameters, contexts and steps of the two oldest customers-sync runs")
                    .isPositive();

            seedRecords(jdbc);

            assertThat(retention(replica, fortyDaysAhead()).prune()).isEqualTo(2);

            assertThat(jdbc.queryForList("SELECT detail FROM datasync.job_event ORDER BY id", String.class))
                    .as("events: the old one pruned")
                    .containsExactly("recent");
            assertThat(jdbc.queryForList(
                            "SELECT epoch FROM datasync.job_epoch_history WHERE job_name = 'old-job' ORDER BY epoch",
                            Long.class))
                    .as("acquisitions: old ones pruned but the job's latest, however old")
                    .containsExactly(3L);
            assertThat(jdbc.queryForList("SELECT message FROM datasync.alert ORDER BY id", String.class))
                    .as("alerts: resolved long ago pruned, open or recently resolved kept")
                    .containsExactly("open for long", "resolved lately");
            assertThat(jdbc.queryForList("SELECT trigger_id FROM datasync.job_trigger ORDER BY 1", Long.class))
                    .as("triggers: ended long ago pruned, pending kept")
                    .containsExactly(2L, 3L);

            assertThat(instances(jdbc)).containsExactly(leftRunning, customers.get(2), products);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM datasync.batch_job_execution WHERE job_instance_id IN (?, ?)",
                            Long.class,
                            oldInstances.toArray()))
                    .isZero();
            assertThat(rowsOf(jdbc, oldExecutions)).isZero();
            assertThat(orphanedRows(jdbc)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM datasync.batch_step_execution", Long.class))
                    .as("the kept runs' step executions")
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldWorkThroughABacklogInBatchesAndStepAsideWhileAnotherReplicaPrunes() throws Exception {
        Cluster cluster = Cluster.create();
        try (Replica replica = Replica.builder("pruner", cluster).tokens(0).start()) {
            replica.bean(MetadataRetention.class).stop(); // its own passes would take the lock too
            JdbcTemplate jdbc = replica.jdbc();
            JobRepository repository = replica.bean(JobRepository.class);
            int backlog = MetadataRetention.BATCH * 2 + 30;
            for (int runId = 1; runId <= backlog; runId++) {
                ended(repository, "orders-sync", runId);
            }
            MetadataRetention retention = retention(replica, fortyDaysAhead());

            try (Connection other =
                            DriverManager.getConnection(cluster.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
                    PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)");
                    PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                lock.setLong(1, MetadataRetention.LOCK_KEY);
                lock.execute();
                assertThat(retention.prune())
                        .as("pruned while another replica holds the lock")
                        .isZero();
                // Unlocked explicitly: closing the connection releases the lock only once the server
                // has noticed, which may be after the next pass has tried it.
                unlock.setLong(1, MetadataRetention.LOCK_KEY);
                unlock.execute();
            }

            assertThat(retention.prune()).isEqualTo(backlog - 1);
            assertThat(instances(jdbc)).hasSize(1);
            assertThat(orphanedRows(jdbc)).isZero();
        }
    }

    /**
     * scale-poc's own records, each kind once older than the retention (on PostgreSQL's clock) and
     * once recent.
     */
    private static void seedRecords(JdbcTemplate jdbc) {
        jdbc.execute(
                """
                INSERT INTO datasync.job_event (job_name, at, type, detail) VALUES
                    ('old-job', now() - interval '40 days', 'PAUSED', 'old'),
                    ('old-job', now(), 'RESUMED', 'recent');
                INSERT INTO datasync.job_epoch_history (job_name, epoch, owner, acquired_at) VALUES
                    ('old-job', 1, 'a', now() - interval '45 days'),
                    ('old-job', 2, 'b', now() - interval '41 days'),
                    ('old-job', 3, 'a', now() - interval '40 days');
                INSERT INTO datasync.alert (type, job_name, replica, message, first_seen, last_seen, resolved_at) VALUES
                    ('STALE', 'old-job', 'a', 'resolved long ago', now() - interval '50 days',
                     now() - interval '50 days', now() - interval '40 days'),
                    ('STUCK', 'old-job', 'a', 'open for long', now() - interval '50 days', now(), NULL),
                    ('CAPACITY', '', 'a', 'resolved lately', now() - interval '50 days', now(), now());
                INSERT INTO datasync.job_trigger (trigger_id, job_name, requested_by, requested_at, state, ended_at) VALUES
                    (1, 'old-job', 'op', now() - interval '41 days', 'ENDED', now() - interval '40 days'),
                    (2, 'old-job', 'op', now() - interval '41 days', 'PENDING', NULL),
                    (3, 'old-job', 'op', now(), 'ENDED', now());
                """);
    }

    private static MetadataRetention retention(Replica replica, Clock clock) {
        return new MetadataRetention(
                replica.jdbc(),
                replica.bean(JobRepository.class),
                replica.bean(PlatformTransactionManager.class),
                clock,
                RETENTION,
                Duration.ofHours(1));
    }

    private static Clock fortyDaysAhead() {
        return Clock.offset(Clock.systemUTC(), Duration.ofDays(40));
    }

    /** A real run of {@code job} (an empty source: a step execution with its context, no chunk). */
    private static long run(Replica replica, String job, long runId) throws Exception {
        JobExecution execution =
                replica.jobOperator().start(replica.bean(JobCatalog.class).job(job), parameters(runId));
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return execution.getJobInstance().getInstanceId();
    }

    private static void ended(JobRepository repository, String job, long runId) {
        JobExecution execution = created(repository, job, runId);
        execution.setStatus(BatchStatus.COMPLETED);
        execution.setEndTime(LocalDateTime.now());
        repository.update(execution);
    }

    /** What a replica killed mid-run leaves behind: STARTED with no end time, forever. */
    private static long startedButNeverEnded(JobRepository repository, String job, long runId) {
        JobExecution execution = created(repository, job, runId);
        execution.setStatus(BatchStatus.STARTED);
        repository.update(execution);
        return execution.getJobInstance().getInstanceId();
    }

    private static JobExecution created(JobRepository repository, String job, long runId) {
        JobParameters parameters = parameters(runId);
        JobInstance instance = repository.createJobInstance(job, parameters);
        JobExecution execution = repository.createJobExecution(instance, parameters, new ExecutionContext());
        execution.setStartTime(LocalDateTime.now());
        return execution;
    }

    private static JobParameters parameters(long runId) {
        return new JobParametersBuilder()
                .addLong(JobRunner.RUN_ID, runId)
                .addString(RunToken.OWNER, "pruner", false)
                .addLong(RunToken.EPOCH, 1L, false)
                .toJobParameters();
    }

    private static List<Long> instances(JdbcTemplate jdbc) {
        return jdbc.queryForList(
                "SELECT job_instance_id FROM datasync.batch_job_instance ORDER BY job_instance_id", Long.class);
    }

    /** Parameters, contexts, step executions and step contexts of {@code executions}. */
    private static long rowsOf(JdbcTemplate jdbc, List<Long> executions) {
        Long[] ids = executions.toArray(Long[]::new);
        return jdbc.queryForObject(
                """
                SELECT (SELECT count(*) FROM datasync.batch_job_execution_params WHERE job_execution_id = ANY (?))
                     + (SELECT count(*) FROM datasync.batch_job_execution_context WHERE job_execution_id = ANY (?))
                     + (SELECT count(*) FROM datasync.batch_step_execution WHERE job_execution_id = ANY (?))
                     + (SELECT count(*) FROM datasync.batch_step_execution_context c
                         WHERE c.step_execution_id IN (SELECT step_execution_id FROM datasync.batch_step_execution
                                                        WHERE job_execution_id = ANY (?)))
                """,
                Long.class,
                ids,
                ids,
                ids,
                ids);
    }

    /** Rows whose execution is gone: parameters, contexts, step executions and their contexts. */
    private static long orphanedRows(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                """
                SELECT (SELECT count(*) FROM datasync.batch_job_execution_params p
                         WHERE NOT EXISTS (SELECT 1 FROM datasync.batch_job_execution e WHERE e.job_execution_id = p.job_execution_id))
                     + (SELECT count(*) FROM datasync.batch_job_execution_context c
                         WHERE NOT EXISTS (SELECT 1 FROM datasync.batch_job_execution e WHERE e.job_execution_id = c.job_execution_id))
                     + (SELECT count(*) FROM datasync.batch_step_execution s
                         WHERE NOT EXISTS (SELECT 1 FROM datasync.batch_job_execution e WHERE e.job_execution_id = s.job_execution_id))
                     + (SELECT count(*) FROM datasync.batch_step_execution_context c
                         WHERE NOT EXISTS (SELECT 1 FROM datasync.batch_step_execution s WHERE s.step_execution_id = c.step_execution_id))
                """,
                Long.class);
    }
}
