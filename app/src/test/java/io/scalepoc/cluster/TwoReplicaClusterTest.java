package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two replicas with X = 2 over the four demo jobs, as two separate Spring contexts. */
class TwoReplicaClusterTest {

    private static final List<String> JOBS = List.of("customers-sync", "products-sync", "orders-sync", "payments-sync");

    @Test
    void shouldSplitFourJobsBetweenTwoReplicasAndRunEachUnderItsOwnerAndEpoch() {
        Cluster cluster = Cluster.create();
        try (Replica a = replica("replica-a", cluster);
                Replica b = replica("replica-b", cluster)) {
            DemoData.seed(a.jdbc(), 300);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> a.ownedJobs().size() == 2 && b.ownedJobs().size() == 2);
            Set<String> ownedByA = a.ownedJobs();
            Set<String> ownedByB = b.ownedJobs();
            assertThat(ownedByA).doesNotContainAnyElementsOf(ownedByB);
            Set<String> all = new HashSet<>(ownedByA);
            all.addAll(ownedByB);
            assertThat(all).containsExactlyInAnyOrderElementsOf(JOBS);
            assertThat(a.ownershipReport().tokens().used()).isEqualTo(2);
            assertThat(b.ownershipReport().tokens().used()).isEqualTo(2);

            BatchMetadata metadata = new BatchMetadata(a.jdbc());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> JOBS.stream().allMatch(job -> metadata.executions(job).stream()
                            .anyMatch(execution -> execution.status().equals("COMPLETED"))));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(a.jdbc()).equals(DemoData.noMismatches()));

            // Ownership never changed during the test, so every execution must carry its owner and epoch 1.
            assertThat(a.ownedJobs()).isEqualTo(ownedByA);
            assertThat(b.ownedJobs()).isEqualTo(ownedByB);
            for (Execution execution : metadata.executions()) {
                String expectedOwner = ownedByA.contains(execution.job()) ? "replica-a" : "replica-b";
                assertThat(execution.owner()).as("owner of %s", execution).isEqualTo(expectedOwner);
                assertThat(execution.epoch())
                        .as("epoch of %s", execution)
                        .isEqualTo(metadata.currentEpoch(execution.job()));
            }
            assertThat(metadata.overlappingExecutions()).isZero();
        }
    }

    private static Replica replica(String id, Cluster cluster) {
        return Replica.builder(id, cluster)
                .tokens(2)
                .onlyJobs("1s", JOBS.toArray(String[]::new))
                .start();
    }
}
