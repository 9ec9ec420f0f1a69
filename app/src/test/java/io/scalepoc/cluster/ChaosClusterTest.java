package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.TcpProxy;
import io.scalepoc.testsupport.TestDynamoDb;
import io.scalepoc.testsupport.TestPostgres;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Three replicas (child JVMs, X = 2) over the four demo syncs with 1 s fixed delays, while a
 * seeded random schedule kills ({@code kill -9}), pauses past the lease ({@code SIGSTOP}),
 * terminates ({@code SIGTERM}) and cuts DynamoDB for one replica at a time; killed and terminated
 * replicas come back as new replicas, as pods would. Between faults the test changes source rows
 * and waits until every job has completed a run again. At the end, with SQL over the metadata and
 * the audit tables: no two executions of a job overlapped (a frozen owner's execution excepted: it
 * spans its pause by definition, and is checked by the next line), no chunk committed after a later
 * epoch of its job was acquired, every execution carries an epoch its owner acquired, every job is
 * owned, nothing is left running without a live owner, and every target equals its source. Seed: {@code -Dchaos.seed=N}; steps: {@code -Dchaos.steps=N}.
 */
@Tag("chaos")
class ChaosClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final List<String> JOBS = List.of("customers-sync", "products-sync", "orders-sync", "payments-sync");

    enum Fault {
        KILL,
        PAUSE,
        TERMINATE,
        CUT_DYNAMODB
    }

    private final long seed = Long.getLong("chaos.seed", System.nanoTime());
    // 4 in the suite (each step may start a child JVM: about ten seconds on two cores; every run draws a new
    // seed, so the runs add up); more with -Dchaos.steps
    private final int steps = Integer.getInteger("chaos.steps", 4);
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private final List<TcpProxy> proxies = new ArrayList<>();
    private final ReplicaProcess[] replicas = new ReplicaProcess[3];
    private final int[] generation = new int[3];
    private Cluster cluster;
    /** What the test is doing, for failure messages: CI shows the failing line, not always the seed. */
    private String stage = "start-up";

    @Test
    void shouldKeepEveryInvariantUnderRandomKillsPausesTerminationsAndPartitions() throws Exception {
        System.out.printf("chaos seed %d (%d steps); reproduce with -Dchaos.seed=%d%n", seed, steps, seed);
        Random random = new Random(seed);
        cluster = Cluster.create();
        JdbcTemplate jdbc = new JdbcTemplate(
                new DriverManagerDataSource(cluster.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD));
        try {
            for (int i = 0; i < replicas.length; i++) {
                proxies.add(TcpProxy.to(TestDynamoDb.endpoint()));
                start(i);
            }
            DemoData.seed(jdbc, 300);
            awaitAllJobsOwned(List.of(0, 1, 2));

            for (int step = 0; step < steps; step++) {
                Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                int victim = random.nextInt(replicas.length);
                LocalDateTime before = now(jdbc);
                stage = "step " + (step + 1) + " of " + steps + ", " + fault + " of replica " + victim;
                inject(fault, victim);
                injected.merge(fault, 1, Integer::sum);
                changeSources(jdbc, random);
                await(context("every job completes a run"))
                        .atMost(Duration.ofSeconds(90))
                        .until(() -> JOBS.stream().allMatch(job -> completedSince(jdbc, job, before)));
            }

            stage = "the end";
            await(context("targets equal sources, every job owned"))
                    .atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> {
                        // asserted, not a boolean: a timeout then names what was still wrong
                        assertThat(DemoData.mismatches(jdbc))
                                .as("target rows that differ from their source")
                                .isEqualTo(DemoData.noMismatches());
                        assertThat(ownedJobs(List.of(0, 1, 2)))
                                .as("jobs owned by the replicas")
                                .containsAll(JOBS);
                    });
            Set<String> live = new HashSet<>();
            for (ReplicaProcess replica : replicas) {
                live.add(replica.instanceId());
            }
            assertThat(jdbc.queryForList(
                            """
                    SELECT p.parameter_value FROM datasync.batch_job_execution e
                      JOIN datasync.batch_job_execution_params p USING (job_execution_id)
                     WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING') AND p.parameter_name = 'owner'
                    """,
                            String.class))
                    .as("owners of running executions")
                    .allMatch(live::contains);
        } finally {
            for (ReplicaProcess replica : replicas) {
                if (replica != null) {
                    replica.terminate();
                    replica.awaitExit(Duration.ofSeconds(30));
                }
            }
            for (TcpProxy proxy : proxies) {
                proxy.close();
            }
            System.out.printf("chaos seed %d: injected %s%n", seed, injected);
        }

        BatchMetadata metadata = new BatchMetadata(jdbc);
        assertThat(metadata.overlappingExecutionsExceptSuperseded())
                .as(() -> "overlapping executions of one job: "
                        + jdbc.queryForList(
                                """
                        SELECT i.job_name || ' ' || e.job_execution_id || ' ' || e.status || ' ' || e.start_time || '..'
                               || coalesce(e.end_time::text, '-') || ' ' || coalesce(p.parameter_value, '?') || ' '
                               || left(coalesce(e.exit_message, ''), 120)
                          FROM datasync.batch_job_execution e
                          JOIN datasync.batch_job_instance i USING (job_instance_id)
                          LEFT JOIN datasync.batch_job_execution_params p
                            ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'owner'
                         ORDER BY i.job_name, e.job_execution_id
                        """,
                                String.class))
                .isZero();
        assertThat(metadata.chunksCommittedUnderAStaleEpoch())
                .as("chunks committed after a later epoch of their job was acquired")
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM datasync.sync_chunk_log", Long.class))
                .isPositive();
        assertThat(jdbc.queryForObject(
                        """
                SELECT count(*) FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i USING (job_instance_id)
                  JOIN datasync.batch_job_execution_params o ON o.job_execution_id = e.job_execution_id AND o.parameter_name = 'owner'
                  JOIN datasync.batch_job_execution_params p ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'epoch'
                 WHERE NOT EXISTS (SELECT 1 FROM datasync.job_epoch_history h WHERE h.job_name = i.job_name
                                      AND h.epoch = p.parameter_value::bigint AND h.owner = o.parameter_value)
                """,
                        Long.class))
                .as("executions whose epoch was not acquired by their owner")
                .isZero();
        assertThat(DemoData.mismatches(jdbc)).isEqualTo(DemoData.noMismatches());
        System.out.printf(
                "chaos seed %d: %d executions, %d chunks, %d acquisitions%n",
                seed,
                jdbc.queryForObject("SELECT count(*) FROM datasync.batch_job_execution", Long.class),
                jdbc.queryForObject("SELECT count(*) FROM datasync.sync_chunk_log", Long.class),
                jdbc.queryForObject("SELECT count(*) FROM datasync.job_epoch_history", Long.class));
    }

    private void inject(Fault fault, int victim) throws Exception {
        List<Integer> others = new ArrayList<>(List.of(0, 1, 2));
        others.remove(Integer.valueOf(victim));
        switch (fault) {
            case KILL -> {
                replicas[victim].kill();
                replicas[victim].awaitExit(Duration.ofSeconds(30));
                start(victim);
            }
            case TERMINATE -> {
                replicas[victim].terminate();
                replicas[victim].awaitExit(Duration.ofSeconds(60));
                start(victim);
            }
            case PAUSE -> {
                replicas[victim].pause();
                try {
                    awaitAllJobsOwned(others);
                } finally {
                    replicas[victim].resume();
                }
            }
            case CUT_DYNAMODB -> {
                proxies.get(victim).cut();
                try {
                    await(context("the cut-off replica gives its jobs up"))
                            .atMost(LEASE.multipliedBy(4))
                            .until(() -> replicas[victim].ownedJobs().isEmpty());
                    awaitAllJobsOwned(others);
                } finally {
                    proxies.get(victim).restore();
                }
            }
        }
    }

    private void start(int index) throws Exception {
        generation[index]++;
        replicas[index] = ReplicaProcess.start(
                "chaos-" + index + "-g" + generation[index],
                cluster,
                Map.ofEntries(
                        Map.entry("scalepoc.tokens", 2),
                        Map.entry(
                                "scalepoc.dynamodb.endpoint", proxies.get(index).endpoint()),
                        Map.entry("scalepoc.dynamodb.api-call-timeout", "1s"),
                        Map.entry("scalepoc.ownership.lease-duration", LEASE),
                        Map.entry("scalepoc.ownership.heartbeat-period", "1s"),
                        Map.entry("scalepoc.ownership.claim-interval", "1s"),
                        Map.entry("scalepoc.shutdown.drain-timeout", "5s"),
                        Map.entry("scalepoc.demo.chunk-size", 20),
                        Map.entry("scalepoc.jobs.customers-sync.fixed-delay", "1s"),
                        Map.entry("scalepoc.jobs.products-sync.fixed-delay", "1s"),
                        Map.entry("scalepoc.jobs.orders-sync.fixed-delay", "1s"),
                        Map.entry("scalepoc.jobs.payments-sync.fixed-delay", "1s")));
    }

    private void awaitAllJobsOwned(List<Integer> owners) {
        await(context("all jobs owned by replicas " + owners))
                .atMost(Duration.ofSeconds(60))
                .until(() -> allJobsOwned(owners));
    }

    private String context(String condition) {
        return condition + " [" + stage + "; reproduce with -Dchaos.seed=" + seed + " -Dchaos.steps=" + steps + "]";
    }

    private boolean allJobsOwned(List<Integer> owners) {
        return ownedJobs(owners).containsAll(JOBS);
    }

    private Set<String> ownedJobs(List<Integer> owners) {
        Set<String> owned = new HashSet<>();
        for (int index : owners) {
            owned.addAll(replicas[index].ownedJobs());
        }
        return owned;
    }

    private static boolean completedSince(JdbcTemplate jdbc, String job, LocalDateTime since) {
        return jdbc.queryForObject(
                        """
                SELECT count(*) FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i USING (job_instance_id)
                 WHERE i.job_name = ? AND e.status = 'COMPLETED' AND e.start_time > ?
                """,
                        Long.class,
                        job,
                        since)
                > 0;
    }

    private static LocalDateTime now(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT localtimestamp", LocalDateTime.class);
    }

    private static void changeSources(JdbcTemplate jdbc, Random random) {
        DemoData.seed(jdbc, 20 + random.nextInt(30));
        for (String table : List.of("customers", "products", "orders", "payments")) {
            jdbc.update("UPDATE source." + table + " SET updated_at = now() WHERE id % 17 = ?", random.nextInt(17));
        }
    }
}
