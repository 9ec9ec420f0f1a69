package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.SlowCustomersSync;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A replica shut down gracefully (the work SIGTERM triggers: closing its context) hands its jobs to
 * a peer with free tokens. Leases are 60 s here, so a peer adopting within seconds proves the
 * leases were released, not left to expire; and the release is announced, so the peer does not
 * wait for its next claim interval either.
 */
class GracefulShutdownClusterTest {

    private static final Duration LONG_LEASE = Duration.ofSeconds(60);

    @Test
    void shouldLetAPeerWithFreeTokensAdoptTheJobsOfAGracefullyStoppedReplicaAtOnce() {
        Cluster cluster = Cluster.create();
        Replica a =
                replica("replica-a", cluster, "customers-sync", "products-sync").start();
        // An hour between regular sweeps: only the release announcement can make b adopt within seconds.
        try (Replica b = replica("replica-b", cluster, "customers-sync", "products-sync")
                .property("scalepoc.ownership.claim-interval", "1h")
                .start()) {
            DemoData.seed(b.jdbc(), 100);
            assertThat(a.ownedJobs()).containsExactlyInAnyOrder("customers-sync", "products-sync");
            assertThat(b.ownedJobs()).isEmpty();

            a.close();

            await().atMost(LONG_LEASE.dividedBy(3))
                    .until(() -> b.ownedJobs().equals(Set.of("customers-sync", "products-sync")));
            BatchMetadata metadata = new BatchMetadata(b.jdbc());
            for (String job : List.of("customers-sync", "products-sync")) {
                assertThat(metadata.currentEpoch(job)).isEqualTo(2);
                await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(job).stream()
                        .anyMatch(execution -> execution.owner().equals("replica-b")
                                && execution.epoch() == 2
                                && execution.status().equals("COMPLETED")));
            }
            assertThat(metadata.overlappingExecutions()).isZero();
        } finally {
            if (a.isRunning()) {
                a.close();
            }
        }
    }

    @Test
    void shouldStopARunningExecutionAtAChunkBoundaryAndLetThePeerResumeFromThere() {
        Cluster cluster = Cluster.create();
        Replica a = replica("replica-a", cluster)
                .withConfiguration(SlowCustomersSync.class)
                .start();
        try (Replica b = replica("replica-b", cluster)
                .withConfiguration(SlowCustomersSync.class)
                .start()) {
            BatchMetadata metadata = new BatchMetadata(b.jdbc());
            DemoData.seed(b.jdbc(), 400);
            assertThat(a.ownedJobs()).containsExactly(SlowCustomersSync.JOB);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(execution -> execution.status().equals("STARTED") && execution.writeCount() >= 50));

            a.close();

            Execution interrupted = metadata.executions(SlowCustomersSync.JOB).stream()
                    .filter(execution -> execution.owner().equals("replica-a") && execution.readCount() > 0)
                    .reduce((first, second) -> second)
                    .orElseThrow();
            assertThat(interrupted.status()).isEqualTo("STOPPED");
            assertThat(interrupted.writeCount()).isBetween(50L, 390L);
            await().atMost(LONG_LEASE.dividedBy(3)).until(() -> b.ownedJobs().contains(SlowCustomersSync.JOB));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(b.jdbc()).get("customers") == 0);
            // Every source row was read exactly once across both replicas: b resumed at a's last committed chunk.
            assertThat(metadata.executions(SlowCustomersSync.JOB).stream()
                            .mapToLong(Execution::readCount)
                            .sum())
                    .isEqualTo(400);
            assertThat(metadata.overlappingExecutions()).isZero();
        } finally {
            if (a.isRunning()) {
                a.close();
            }
        }
    }

    private static Replica.Builder replica(String id, Cluster cluster, String... jobs) {
        Replica.Builder builder = Replica.builder(id, cluster)
                .tokens(2)
                // 'fill': replica-a keeps both jobs until it stops. Under 'fair' it would hand one to
                // replica-b as soon as b joins, which is not what this test is about.
                .property("scalepoc.ownership.balance", "fill")
                .property("scalepoc.ownership.lease-duration", LONG_LEASE)
                .property("scalepoc.ownership.heartbeat-period", "5s")
                .onlyJobs("1s", jobs);
        if (jobs.length == 0) {
            builder.job(SlowCustomersSync.JOB, "fixed-delay", "1s");
        }
        return builder;
    }
}
