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
import io.scalepoc.testsupport.TcpProxy;
import io.scalepoc.testsupport.TestDynamoDb;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB becomes unreachable for one replica (a TCP proxy in front of DynamoDB Local is cut):
 * its heartbeats fail, the session monitor fires before the lease can expire, and the replica stops
 * its running execution at a chunk boundary and gives its jobs up, so that the peer that takes them
 * over after the lease never overlaps with it. The JVM is never halted; when DynamoDB is back the
 * replica claims again by itself.
 *
 * <p>And when the execution cannot stop in time (a chunk longer than the time left in danger) and
 * DynamoDB answers again: the lease is neither deleted nor left to lapse under the running
 * execution, so the peer takes the job only after the execution has ended.
 */
class LeaseDangerClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Set<String> JOBS = Set.of(SlowCustomersSync.JOB, "products-sync");

    @Test
    void shouldStopAndGiveUpJobsBeforeTheLeaseCanExpireWhenHeartbeatsFailAndClaimAgainLater() throws Exception {
        Cluster cluster = Cluster.create();
        try (TcpProxy proxy = TcpProxy.to(TestDynamoDb.endpoint());
                Replica partitioned = replica("partitioned", cluster, 2)
                        .property("scalepoc.dynamodb.endpoint", proxy.endpoint())
                        .property("scalepoc.dynamodb.api-call-timeout", "1s")
                        .start();
                Replica peer = replica("peer", cluster, 1).start()) {
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());
            assertThat(partitioned.ownedJobs()).isEqualTo(JOBS);
            DemoData.seed(peer.jdbc(), 600);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.status().equals("STARTED") && e.writeCount() >= 50));

            proxy.cut();

            await().atMost(LEASE).until(() -> partitioned.ownedJobs().isEmpty());
            Execution stopped = metadata.executions(SlowCustomersSync.JOB).stream()
                    .filter(e -> e.owner().equals("partitioned") && e.writeCount() >= 50)
                    .findFirst()
                    .orElseThrow();
            await().atMost(LEASE).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .filter(e -> e.id() == stopped.id())
                    .allMatch(e -> e.status().equals("STOPPED")));
            await().atMost(LEASE.multipliedBy(3)).until(() -> peer.ownedJobs().size() == 1);
            assertThat(partitioned.isRunning()).isTrue();

            proxy.restore();

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Set<String> all = new HashSet<>(partitioned.ownedJobs());
                all.addAll(peer.ownedJobs());
                return !partitioned.ownedJobs().isEmpty() && all.equals(JOBS);
            });
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0);
            assertThat(metadata.overlappingExecutions()).isZero();
            assertThat(metadata.executions(SlowCustomersSync.JOB))
                    .noneMatch(e -> e.status().equals("COMPLETED") && e.id() == stopped.id());
        }
    }

    @Test
    void shouldKeepTheLeaseUntilAnExecutionThatCannotStopInTimeHasEndedWhenDynamoDbAnswersAgain() throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> settings = SlowCustomersSync.onlyThisJob(
                LEASE,
                Map.of(
                        "scalepoc.test.row-cost", "1s", // a chunk of 10 rows takes 10 s, the time left in danger 2.5 s
                        "scalepoc.test.activity-log", true,
                        // neither sweeps nor scans between them: once it has given the job up, the peer takes it
                        "scalepoc.ownership.claim-interval", "1m",
                        "scalepoc.ownership.scan-interval", "1m",
                        "scalepoc.dynamodb.api-call-timeout", "1s"));
        try (TcpProxy proxy = TcpProxy.to(TestDynamoDb.endpoint());
                ReplicaProcess owner = ReplicaProcess.startWith(
                        "blocked",
                        cluster,
                        with(settings, "scalepoc.dynamodb.endpoint", proxy.endpoint()),
                        SlowCustomersSync.class);
                Replica peer = SlowCustomersSync.peer("peer", cluster, LEASE)
                        .property("scalepoc.test.row-cost", "5ms")
                        .property("scalepoc.test.activity-log", true)
                        .start()) {
            assertThat(owner.ownedJobs()).containsExactly(SlowCustomersSync.JOB);
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());
            SlowCustomersSync.createActivityTable(peer.jdbc());
            DemoData.seed(peer.jdbc(), 40);
            // cut just after a chunk was committed: the next one has ten seconds to go
            await().atMost(Duration.ofSeconds(40)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.status().equals("STARTED") && e.writeCount() >= 10));

            proxy.cut();
            await().atMost(LEASE).until(() -> owner.log().contains("is in danger"));
            proxy.restore();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0
                            && peer.ownedJobs().contains(SlowCustomersSync.JOB));
            assertThat(SlowCustomersSync.interleavedActivity(peer.jdbc()))
                    .as("rows worked by both replicas at once")
                    .isZero();
            assertThat(metadata.overlappingExecutions()).isZero();
            assertThat(owner.log()).contains("is still running PT2.5S after its lease went into danger");
            assertThat(metadata.executions(SlowCustomersSync.JOB))
                    .filteredOn(e -> e.owner().equals("blocked") && e.writeCount() >= 10)
                    .allMatch(e -> e.status().equals("STOPPED"));
        }
    }

    private static Map<String, Object> with(Map<String, Object> settings, String name, Object value) {
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.put(name, value);
        return all;
    }

    private static Replica.Builder replica(String id, Cluster cluster, int tokens) {
        return Replica.builder(id, cluster)
                .tokens(tokens)
                .property("scalepoc.ownership.lease-duration", LEASE)
                .property("scalepoc.ownership.heartbeat-period", "1s")
                .property("scalepoc.ownership.balance", "fill") // 'partitioned' keeps both jobs until the cut
                .withConfiguration(SlowCustomersSync.class)
                .onlyJobs("1s", "products-sync")
                .job(SlowCustomersSync.JOB, "fixed-delay", "1s");
    }
}
