package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.SlowCustomersSync;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A replica in its own JVM receives a real SIGTERM: it drains, releases its leases and exits, and a
 * peer with free tokens takes its jobs over at once (the 60 s lease never gets to expire).
 */
class SigtermClusterTest {

    private static final List<String> JOBS = List.of("customers-sync", "products-sync");

    @Test
    void shouldHandAJobsOfATerminatedReplicaToAPeerWithFreeTokens() throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> settings = Map.of(
                "scalepoc.ownership.balance", "fill", // the child owns both jobs until it is terminated
                "scalepoc.tokens", 2,
                "scalepoc.ownership.lease-duration", "60s",
                "scalepoc.ownership.heartbeat-period", "5s",
                "scalepoc.ownership.claim-interval", "1s",
                "scalepoc.jobs.orders-sync.enabled", false,
                "scalepoc.jobs.payments-sync.enabled", false,
                "scalepoc.jobs.customers-sync.fixed-delay", "1s",
                "scalepoc.jobs.products-sync.fixed-delay", "1s");
        try (ReplicaProcess child = ReplicaProcess.start("child", cluster, settings)) {
            assertThat(child.ownedJobs()).containsExactlyInAnyOrderElementsOf(JOBS);
            Replica.Builder peerBuilder = Replica.builder("peer", cluster)
                    .tokens(2)
                    .property("scalepoc.ownership.lease-duration", "60s")
                    .property("scalepoc.ownership.heartbeat-period", "5s")
                    .onlyJobs("1s", JOBS.toArray(String[]::new));
            try (Replica peer = peerBuilder.start()) {
                BatchMetadata metadata = new BatchMetadata(peer.jdbc());
                DemoData.seed(peer.jdbc(), 200);
                assertThat(peer.ownedJobs()).isEmpty();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> JOBS.stream().allMatch(job -> metadata.executions(job).stream()
                                .anyMatch(e ->
                                        e.owner().equals("child") && e.status().equals("COMPLETED"))));

                child.terminate();

                assertThat(child.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
                assertThat(child.log()).contains("Replica 'child' released all its leases");
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> peer.ownedJobs().equals(Set.copyOf(JOBS)));
                for (String job : JOBS) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> metadata.executions(job).stream()
                            .anyMatch(e -> e.owner().equals("peer")
                                    && e.epoch() == 2
                                    && e.status().equals("COMPLETED")));
                }
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0
                                && DemoData.mismatches(peer.jdbc()).get("products") == 0);
                assertThat(metadata.overlappingExecutions()).isZero();
                assertThat(metadata.executions())
                        .noneMatch(
                                e -> e.status().equals("STARTED") || e.status().equals("FAILED"));
            }
        }
    }

    @Test
    void shouldStopAnExecutionAtAChunkBoundaryOnSigtermAndLetThePeerResumeFromThatChunk() throws Exception {
        Cluster cluster = Cluster.create();
        Duration lease = Duration.ofSeconds(60);
        Map<String, Object> settings =
                SlowCustomersSync.onlyThisJob(lease, Map.of("scalepoc.ownership.heartbeat-period", "5s"));
        try (ReplicaProcess child = ReplicaProcess.startWith("leaving", cluster, settings, SlowCustomersSync.class);
                Replica peer = SlowCustomersSync.peer("staying", cluster, lease)
                        .property("scalepoc.ownership.heartbeat-period", "5s")
                        .start()) {
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());
            DemoData.seed(peer.jdbc(), 400);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(
                            e -> e.owner().equals("leaving") && e.status().equals("STARTED") && e.writeCount() >= 50));

            child.terminate();

            assertThat(child.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
            BatchMetadata.Execution stopped = metadata.executions(SlowCustomersSync.JOB).stream()
                    .filter(e -> e.owner().equals("leaving") && e.writeCount() >= 50)
                    .findFirst()
                    .orElseThrow();
            assertThat(stopped.status()).isEqualTo("STOPPED");
            assertThat(stopped.writeCount()).isLessThan(400);
            await().atMost(lease.dividedBy(3)).until(() -> peer.ownedJobs().contains(SlowCustomersSync.JOB));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0);
            // Every source row read exactly once across both replicas: the peer resumed at the stopped chunk.
            assertThat(metadata.executions(SlowCustomersSync.JOB).stream()
                            .mapToLong(BatchMetadata.Execution::readCount)
                            .sum())
                    .isEqualTo(400);
            assertThat(metadata.overlappingExecutions()).isZero();
        }
    }

    @Test
    void shouldLeaveAnExecutionThatOutlivesTheDrainTimeoutForRecoveryNeverCompleted() throws Exception {
        Cluster cluster = Cluster.create();
        Duration lease = Duration.ofSeconds(5);
        Map<String, Object> settings = SlowCustomersSync.onlyThisJob(
                lease,
                Map.of(
                        "scalepoc.shutdown.drain-timeout", "1s",
                        "scalepoc.test.row-cost", "300ms"));
        try (ReplicaProcess child = ReplicaProcess.startWith("stubborn", cluster, settings, SlowCustomersSync.class);
                Replica peer = SlowCustomersSync.peer("heir", cluster, lease).start()) {
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());
            DemoData.seed(peer.jdbc(), 100);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(
                            e -> e.owner().equals("stubborn") && e.status().equals("STARTED") && e.writeCount() >= 10));

            child.terminate();

            child.awaitExit(Duration.ofSeconds(30));
            assertThat(child.log()).contains("did not stop within PT1S; their leases are left to expire");
            await().atMost(lease.multipliedBy(4)).until(() -> peer.ownedJobs().contains(SlowCustomersSync.JOB));
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0
                            && metadata.executions(SlowCustomersSync.JOB).stream()
                                    .noneMatch(e -> e.status().equals("STARTED")));
            // Left running in the metadata, so the heir recovered it and restarted it under its own epoch.
            List<BatchMetadata.Execution> executions = metadata.executions(SlowCustomersSync.JOB);
            BatchMetadata.Execution abandoned = executions.stream()
                    .filter(e -> e.owner().equals("stubborn") && e.writeCount() >= 10)
                    .findFirst()
                    .orElseThrow();
            assertThat(abandoned.status()).isEqualTo("FAILED");
            assertThat(abandoned.exitMessage()).contains("Recovered by 'heir' at epoch 2: left STOPPING by 'stubborn'");
            assertThat(executions)
                    .anyMatch(e -> e.runId() == abandoned.runId()
                            && e.owner().equals("heir")
                            && e.status().equals("COMPLETED"));
            assertThat(metadata.overlappingExecutions()).isZero();
        }
    }
}
