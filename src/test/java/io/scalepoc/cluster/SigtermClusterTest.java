package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
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
            Replica.Builder peerBuilder = Replica.builder("peer", cluster).tokens(2)
                    .property("scalepoc.ownership.lease-duration", "60s")
                    .property("scalepoc.ownership.heartbeat-period", "5s")
                    .onlyJobs("1s", JOBS.toArray(String[]::new));
            try (Replica peer = peerBuilder.start()) {
                BatchMetadata metadata = new BatchMetadata(peer.jdbc());
                DemoData.seed(peer.jdbc(), 200);
                assertThat(peer.ownedJobs()).isEmpty();
                await().atMost(Duration.ofSeconds(30)).until(() -> JOBS.stream().allMatch(job -> metadata.executions(job)
                        .stream().anyMatch(e -> e.owner().equals("child") && e.status().equals("COMPLETED"))));

                child.terminate();

                assertThat(child.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
                assertThat(child.log()).contains("Replica 'child' released all its leases");
                await().atMost(Duration.ofSeconds(20)).until(() -> peer.ownedJobs().equals(Set.copyOf(JOBS)));
                for (String job : JOBS) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> metadata.executions(job).stream().anyMatch(
                            e -> e.owner().equals("peer") && e.epoch() == 2 && e.status().equals("COMPLETED")));
                }
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0
                                && DemoData.mismatches(peer.jdbc()).get("products") == 0);
                assertThat(metadata.overlappingExecutions()).isZero();
                assertThat(metadata.executions()).noneMatch(e -> e.status().equals("STARTED") || e.status().equals("FAILED"));
            }
        }
    }
}
