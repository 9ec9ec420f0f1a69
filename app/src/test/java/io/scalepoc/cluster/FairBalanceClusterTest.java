package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code scalepoc.ownership.balance: fair} (the default) on real replicas: eight one-token jobs
 * running every second spread 4 / 4 over two replicas; when two more join, exactly four jobs move
 * and every replica ends with 2; when one leaves, its jobs go to the members below their share,
 * 3 / 3 / 2. Every move is a release between runs — no execution is interrupted — and no replica
 * ever holds more than its tokens. Under {@code fill} a replica that joins stays idle.
 */
class FairBalanceClusterTest {

    private static final List<String> JOBS =
            IntStream.rangeClosed(1, 8).mapToObj(i -> "noop-" + i).toList();

    @Test
    void shouldSpreadJobsEvenlyAsReplicasJoinAndLeaveMovingOnlyWhatIsNeeded() {
        Cluster cluster = Cluster.create();
        List<Replica> replicas = new ArrayList<>();
        try (Replica a = replica("replica-a", cluster, "fair").start()) {
            JdbcTemplate jdbc = a.jdbc();
            await().atMost(Duration.ofSeconds(20)).until(() -> a.ownedJobs().size() == 8);
            try (Replica b = replica("replica-b", cluster, "fair").start()) {
                replicas.addAll(List.of(a, b));
                awaitSpread(replicas, 4, 4);
                long movesBefore = rebalanceMoves(jdbc);
                assertThat(movesBefore).isEqualTo(4); // a, alone at first, handed four over to b

                try (Replica c = replica("replica-c", cluster, "fair").start()) {
                    replicas.add(c);
                    try (Replica d = replica("replica-d", cluster, "fair").start()) {
                        replicas.add(d);
                        awaitSpread(replicas, 2, 2, 2, 2);
                        assertThat(rebalanceMoves(jdbc) - movesBefore).isEqualTo(4);
                        replicas.remove(d);
                    }

                    // d left (released its two jobs at shutdown): the two lowest ids are below their share of 8 / 3
                    awaitSpread(replicas, 3, 3, 2);

                    BatchMetadata metadata = new BatchMetadata(jdbc);
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> JOBS.stream().allMatch(job -> metadata.executions(job).stream()
                                    .anyMatch(e -> e.status().equals("COMPLETED"))));
                    // (d's shutdown may stop a run at its chunk boundary, as any shutdown does: not a move)
                    assertThat(metadata.executions())
                            .filteredOn(execution -> !execution.owner().equals("replica-d"))
                            .as("no execution interrupted by a move")
                            .allSatisfy(execution ->
                                    assertThat(execution.status()).isIn("COMPLETED", "STARTED", "STARTING"));
                    assertThat(metadata.overlappingExecutions()).isZero();
                }
            }
        }
    }

    @Test
    void shouldLeaveAJoiningReplicaIdleUnderFill() {
        Cluster cluster = Cluster.create();
        try (Replica a = replica("replica-a", cluster, "fill").start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> a.ownedJobs().size() == 8);
            try (Replica b = replica("replica-b", cluster, "fill").start()) {
                // b sweeps every second and finds every lease held: it stays idle, a keeps all eight
                await().during(Duration.ofSeconds(4))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> b.ownedJobs().isEmpty() && a.ownedJobs().size() == 8);
                assertThat(rebalanceMoves(a.jdbc())).isZero();
            }
        }
    }

    /** Waits until the replicas own these numbers of jobs, in order, checking on the way that none ever exceeds its tokens. */
    private static void awaitSpread(List<Replica> replicas, Integer... counts) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Integer> owned = new ArrayList<>();
            Set<String> all = new HashSet<>();
            for (Replica replica : replicas) {
                Set<String> jobs = replica.ownedJobs();
                assertThat(replica.ownershipReport().tokens().used())
                        .isLessThanOrEqualTo(replica.ownershipReport().tokens().capacity());
                owned.add(jobs.size());
                all.addAll(jobs);
            }
            return owned.equals(List.of(counts)) && all.size() == JOBS.size();
        });
    }

    /** Releases fair balancing made (the jobs' stories record each with its reason). */
    private static long rebalanceMoves(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM datasync.job_event WHERE type = 'RELEASED' AND detail LIKE 'rebalance%'",
                Long.class);
    }

    private static Replica.Builder replica(String id, Cluster cluster, String balance) {
        Replica.Builder builder = Replica.builder(id, cluster)
                .tokens(8)
                .onlyJobs("1s")
                .properties(Map.of(
                        "scalepoc.ownership.balance", balance,
                        "scalepoc.ownership.claim-interval", "1s",
                        "scalepoc.ownership.lease-duration", "9s",
                        "scalepoc.ownership.heartbeat-period", "3s",
                        // eight runs at once, plus the replica's own three connections
                        "spring.datasource.hikari.maximum-pool-size", 11));
        for (String job : JOBS) {
            builder.job(job, "type", "sql")
                    .job(job, "sql.statements[0]", "SELECT 1")
                    .job(job, "fixed-delay", "1s")
                    .job(job, "initial-delay", "0s");
        }
        return builder;
    }
}
