package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.SlowCustomersSync;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of an owner in the middle of an execution: a peer with a free token adopts the job
 * once the lease has run out, recovers the execution the dead owner left STARTED, and restarts it
 * from its last committed chunk. No source row is missing from the target and none is read twice.
 */
class CrashRecoveryClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration CLAIM_INTERVAL = Duration.ofSeconds(1);
    private static final int ROWS = 400;

    @Test
    void shouldRecoverAndRestartTheExecutionOfAKilledOwnerOnAPeer() throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> settings = SlowCustomersSync.onlyThisJob(LEASE, Map.of());
        try (ReplicaProcess owner = ReplicaProcess.startWith("doomed", cluster, settings, SlowCustomersSync.class);
                Replica peer = SlowCustomersSync.peer("survivor", cluster, LEASE)
                        .property("scalepoc.ownership.claim-interval", CLAIM_INTERVAL)
                        .start()) {
            assertThat(owner.ownedJobs()).containsExactly(SlowCustomersSync.JOB);
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());
            DemoData.seed(peer.jdbc(), ROWS);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.status().equals("STARTED") && e.writeCount() >= 50));

            owner.kill();
            long killed = System.nanoTime();

            await().atMost(LEASE.plus(CLAIM_INTERVAL).plusSeconds(10))
                    .until(() -> peer.ownedJobs().contains(SlowCustomersSync.JOB));
            System.out.printf(
                    "kill -9 -> adopted by the peer after %d ms (lease %s, claim interval %s)%n",
                    Duration.ofNanos(System.nanoTime() - killed).toMillis(), LEASE, CLAIM_INTERVAL);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0
                            && metadata.executions(SlowCustomersSync.JOB).stream()
                                    .noneMatch(e -> e.status().equals("STARTED")));

            List<Execution> executions = metadata.executions(SlowCustomersSync.JOB);
            Execution crashed = executions.stream()
                    .filter(e -> e.owner().equals("doomed") && e.writeCount() >= 50)
                    .findFirst()
                    .orElseThrow();
            assertThat(crashed.status()).isEqualTo("FAILED");
            Execution restart = executions.stream()
                    .filter(e -> e.runId() == crashed.runId() && e.id() > crashed.id())
                    .findFirst()
                    .orElseThrow();
            assertThat(restart.owner()).isEqualTo("survivor");
            assertThat(restart.epoch()).isEqualTo(2);
            assertThat(restart.status()).isEqualTo("COMPLETED");
            assertThat(executions.stream().mapToLong(Execution::readCount).sum())
                    .isEqualTo(ROWS);
            assertThat(metadata.overlappingExecutions()).isZero();
        }
    }
}
