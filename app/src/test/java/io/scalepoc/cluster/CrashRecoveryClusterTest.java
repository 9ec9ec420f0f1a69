package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.Api.Response;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of an owner in the middle of an execution: a peer with a free token adopts the job
 * once the lease has run out, recovers the execution the dead owner left STARTED, and restarts it
 * from its last committed chunk. No source row is missing from the target and none is read twice.
 * Triggers accepted while the dead owner was busy wait in the queue, up to its bound (then 429), and
 * the survivor runs each once, oldest first, with its own parameters.
 */
class CrashRecoveryClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration CLAIM_INTERVAL = Duration.ofSeconds(1);
    private static final int ROWS = 400;
    private static final int TRIGGERS = 3;

    @Test
    void shouldRecoverAndRestartTheExecutionOfAKilledOwnerOnAPeer() throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> settings = SlowCustomersSync.onlyThisJob(LEASE, Map.of());
        try (ReplicaProcess owner = ReplicaProcess.startWith("doomed", cluster, settings, SlowCustomersSync.class);
                Replica peer = SlowCustomersSync.peer("survivor", cluster, LEASE)
                        .property("scalepoc.ownership.claim-interval", CLAIM_INTERVAL)
                        .property("scalepoc.control.max-pending-triggers", TRIGGERS)
                        .start()) {
            assertThat(owner.ownedJobs()).containsExactly(SlowCustomersSync.JOB);
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());
            DemoData.seed(peer.jdbc(), ROWS);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.status().equals("STARTED") && e.writeCount() >= 50));

            // triggers wait behind the running execution, up to the bound
            Api api = new Api(peer.port());
            List<String> pending = IntStream.rangeClosed(1, TRIGGERS)
                    .mapToObj(n -> api.post(
                            "/api/jobs/" + SlowCustomersSync.JOB + "/trigger",
                            "{\"n\":" + n + "}",
                            Api.OPERATOR,
                            Api.PASSWORD))
                    .peek(response -> assertThat(response.status()).isEqualTo(202))
                    .map(Response::location)
                    .toList();
            Response full = api.post("/api/jobs/" + SlowCustomersSync.JOB + "/trigger");
            assertThat(full.status()).isEqualTo(429);
            assertThat(full.contentType()).startsWith("application/problem+json");
            assertThat(full.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(
                            seconds -> assertThat(Long.parseLong(seconds)).isPositive());
            assertThat(api.get(pending.get(0)).json().get("state").asText()).isEqualTo("PENDING");

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

            // the triggers the dead owner never ran are the survivor's, each run once, in turn
            for (String location : pending) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                api.get(location).json().get("state").asText().equals("ENDED"));
                JsonNode ended = api.get(location).json();
                assertThat(ended.get("outcome").asText()).isEqualTo("COMPLETED");
                assertThat(ended.get("execution").get("owner").asText()).isEqualTo("survivor");
            }
            assertThat(peer.jdbc()
                            .queryForList(
                                    """
                                    SELECT p.parameter_value::int FROM datasync.batch_job_execution_params p
                                     WHERE p.parameter_name = 'n' ORDER BY p.job_execution_id
                                    """,
                                    Integer.class))
                    .isEqualTo(IntStream.rangeClosed(1, TRIGGERS).boxed().toList());
        }
    }
}
