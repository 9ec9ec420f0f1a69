package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.BigCopyJob;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A user's 1,000,000-row chunk job ({@link BigCopyJob}, no scale-poc API in it) whose owner is sent
 * SIGTERM mid-run: the owner stops it at a chunk boundary (STOPPED) and hands the job over, and the
 * peer restarts the same JobInstance at once — not a fixed delay (here an hour) later — from the
 * reader's saved position: every row copied exactly once, and no row read twice beyond one chunk.
 */
class ResumeClusterTest {

    private static final int ROWS = 1_000_000;

    @Test
    void shouldResumeAnInterruptedUserJobOnThePeerAtOnceFromItsLastCommittedChunk() throws Exception {
        Cluster cluster = Cluster.create();
        JdbcTemplate jdbc = cluster.jdbc();
        BigCopyJob.createTarget(jdbc);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scalepoc.tokens", 1);
        settings.put("scalepoc.ownership.lease-duration", "6s");
        settings.put("scalepoc.ownership.heartbeat-period", "2s");
        settings.put("scalepoc.ownership.claim-interval", "2s");
        for (String demoJob : List.of("customers-sync", "products-sync", "orders-sync", "payments-sync")) {
            settings.put("scalepoc.jobs." + demoJob + ".enabled", false);
        }
        settings.put("scalepoc.jobs." + BigCopyJob.JOB + ".fixed-delay", "1h");

        BatchMetadata metadata = new BatchMetadata(jdbc);
        try (ReplicaProcess first = ReplicaProcess.startWith("first", cluster, settings, BigCopyJob.class);
                Replica peer = Replica.builder("peer", cluster)
                        .tokens(1)
                        .withConfiguration(BigCopyJob.class)
                        .onlyJobs("1h", BigCopyJob.JOB)
                        .start()) {
            await("the first replica is a good way into the copy")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> metadata.executions(BigCopyJob.JOB).stream()
                            .anyMatch(e -> e.owner().equals("first") && e.writeCount() >= 50_000));
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(60))).isIn(0, 143);

            await("the peer completes the run")
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> metadata.executions(BigCopyJob.JOB).stream()
                            .anyMatch(
                                    e -> e.owner().equals("peer") && e.status().equals("COMPLETED")));
        }

        List<Execution> executions = metadata.executions(BigCopyJob.JOB);
        assertThat(executions).hasSize(2);
        Execution stopped = executions.get(0);
        Execution resumed = executions.get(1);
        assertThat(stopped.status()).isEqualTo("STOPPED");
        assertThat(stopped.writeCount()).isBetween(50_000L, ROWS - 1L);
        assertThat(resumed.runId()).isEqualTo(stopped.runId());
        assertThat(jdbc.queryForObject(
                        "SELECT count(DISTINCT job_instance_id) FROM datasync.batch_job_execution", Long.class))
                .as("one JobInstance")
                .isOne();
        long readTwice = stopped.readCount() + resumed.readCount() - ROWS;
        assertThat(readTwice).as("rows read twice").isBetween(0L, (long) BigCopyJob.CHUNK);
        assertThat(jdbc.queryForMap(
                        "SELECT count(*) AS all_rows, count(DISTINCT n) AS distinct_rows FROM " + BigCopyJob.TARGET))
                .containsEntry("all_rows", (long) ROWS)
                .containsEntry("distinct_rows", (long) ROWS);
        System.out.printf(
                "SIGTERM after %d of %d rows: resumed on the peer as run.id %d, %d rows read twice%n",
                stopped.writeCount(), ROWS, resumed.runId(), readTwice);
    }
}
