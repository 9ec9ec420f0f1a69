package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.SlowCustomersSync;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pod keeps its name when its container restarts, so the new process starts with the instance id
 * of a process that died a moment ago and whose member and job leases are still in the table. It
 * must wait for them to prove dead (unchanged for a lease), take them over and recover what the dead
 * process left running; while a <em>live</em> replica with the same id is refused within a bounded
 * time, and keeps what it owns.
 */
class RestartInPlaceClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final String POD = "scale-poc-0";
    private static final int ROWS = 300;

    @Test
    void shouldRefuseALiveDuplicateButComeBackWithTheSameInstanceIdAfterKill9AndResumeTheExecutionItLeftRunning()
            throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> settings = SlowCustomersSync.onlyThisJob(LEASE, Map.of());
        BatchMetadata metadata = new BatchMetadata(cluster.jdbc());
        Execution crashed;
        try (ReplicaProcess first = ReplicaProcess.startWith(POD, cluster, settings, SlowCustomersSync.class)) {
            assertThat(first.ownedJobs()).containsExactly(SlowCustomersSync.JOB);

            // a live replica with the same id: refused within a bounded time, and the live one keeps everything
            try (ReplicaProcess duplicate =
                    ReplicaProcess.launchWith(POD, cluster, settings, SlowCustomersSync.class)) {
                // two leases and a heartbeat of waiting, after the JVM and Spring start
                assertThat(duplicate.awaitExit(Duration.ofSeconds(60))).isNotZero();
                assertThat(duplicate.log())
                        .contains("another live replica uses instance id '" + POD + "'")
                        .doesNotContain("Start-up claim took");
            }
            assertThat(first.isReady()).isTrue();
            assertThat(first.ownedJobs()).containsExactly(SlowCustomersSync.JOB);
            assertThat(first.log()).doesNotContain("Member lease 'member#" + POD + "' had lapsed");

            // kill -9 in the middle of an execution
            DemoData.seed(cluster.jdbc(), ROWS);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.status().equals("STARTED") && e.writeCount() >= 50));
            crashed = metadata.executions(SlowCustomersSync.JOB).stream()
                    .filter(e -> e.status().equals("STARTED"))
                    .findFirst()
                    .orElseThrow();
            first.kill();
            first.awaitExit(Duration.ofSeconds(10));
        }
        long killed = System.nanoTime();

        try (ReplicaProcess restarted = ReplicaProcess.startWith(POD, cluster, settings, SlowCustomersSync.class)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> restarted.ownedJobs().contains(SlowCustomersSync.JOB));
            System.out.printf(
                    "kill -9 -> the same instance id restarted and owning its job again after %d ms (lease %s)%n",
                    Duration.ofNanos(System.nanoTime() - killed).toMillis(), LEASE);
            assertThat(restarted.log())
                    .contains("Observed the lock table early in the start-up")
                    .contains("left by a previous process with this instance id");

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(cluster.jdbc()).get("customers") == 0
                            && metadata.executions(SlowCustomersSync.JOB).stream()
                                    .noneMatch(e -> e.status().equals("STARTED")));
            List<Execution> executions = metadata.executions(SlowCustomersSync.JOB);
            assertThat(executions)
                    .filteredOn(e -> e.id() == crashed.id())
                    .singleElement()
                    .satisfies(e -> assertThat(e.status()).isEqualTo("FAILED"));
            assertThat(executions)
                    .filteredOn(e -> e.runId() == crashed.runId() && e.id() > crashed.id())
                    .first()
                    .satisfies(restart -> {
                        assertThat(restart.owner()).isEqualTo(POD);
                        assertThat(restart.epoch()).isEqualTo(crashed.epoch() + 1);
                        assertThat(restart.status()).isEqualTo("COMPLETED");
                    });
            assertThat(executions.stream().mapToLong(Execution::readCount).sum())
                    .isEqualTo(ROWS);
            assertThat(metadata.overlappingExecutions()).isZero();
        }
    }
}
