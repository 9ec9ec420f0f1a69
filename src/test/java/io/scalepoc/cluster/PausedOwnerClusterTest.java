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
 * An owner frozen ({@code SIGSTOP}) in the middle of an execution for longer than its lease, the
 * shape of a long GC pause: a peer takes the job over and carries on; when the old owner wakes up
 * ({@code SIGCONT}) its in-flight chunk is rejected by the epoch fence, it starts no new run, and
 * it stays alive with nothing it no longer owns.
 */
class PausedOwnerClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final int ROWS = 600;

    @Test
    void shouldFenceAnOwnerThatWakesUpAfterATakeoverSoThatItCommitsNothing() throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> settings = SlowCustomersSync.onlyThisJob(LEASE, Map.of());
        try (ReplicaProcess sleeper = ReplicaProcess.startWith("sleeper", cluster, settings, SlowCustomersSync.class);
                Replica peer = SlowCustomersSync.peer("awake", cluster, LEASE).start()) {
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());
            DemoData.seed(peer.jdbc(), ROWS);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(
                            e -> e.owner().equals("sleeper") && e.status().equals("STARTED") && e.writeCount() >= 50));

            sleeper.pause();
            await().atMost(LEASE.plusSeconds(15)).until(() -> peer.ownedJobs().contains(SlowCustomersSync.JOB));
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.owner().equals("awake") && e.writeCount() > 0));
            sleeper.resume();

            await().atMost(Duration.ofSeconds(30)).until(() -> sleeper.log()
                    .contains("Fenced: job '" + SlowCustomersSync.JOB
                            + "' execution carries epoch 1 but the current epoch is 2"));
            // It reports giving the job up: through its session monitor (the lease was in danger) or, if a
            // sweep noticed first, as a lost lease.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sleeper.log()
                                    .contains("Lease of job '" + SlowCustomersSync.JOB + "' (epoch 1) is in danger")
                            || sleeper.log()
                                    .contains("Lost the lease of job '" + SlowCustomersSync.JOB + "' (epoch 1)"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0
                            && metadata.executions(SlowCustomersSync.JOB).stream()
                                    .noneMatch(e -> e.status().equals("STARTED")));

            List<Execution> bySleeper = metadata.executions(SlowCustomersSync.JOB).stream()
                    .filter(e -> e.owner().equals("sleeper"))
                    .toList();
            Execution interrupted = bySleeper.stream()
                    .filter(e -> e.writeCount() >= 50)
                    .findFirst()
                    .orElseThrow();
            assertThat(interrupted.status()).isEqualTo("FAILED");
            assertThat(interrupted.exitMessage())
                    .contains("Superseded: replica 'sleeper' lost job '" + SlowCustomersSync.JOB
                            + "' at epoch 1 to epoch 2");
            assertThat(bySleeper)
                    .as("the sleeper started no run after it woke up")
                    .allSatisfy(e -> assertThat(e.id()).isLessThanOrEqualTo(interrupted.id()));
            assertThat(sleeper.ownedJobs()).isEmpty();
            assertThat(sleeper.get("/actuator/health")).contains("\"status\":\"UP\"");
            assertThat(metadata.executions(SlowCustomersSync.JOB).stream()
                            .filter(e -> e.owner().equals("awake")))
                    .allSatisfy(e -> assertThat(e.epoch()).isEqualTo(2));
        }
    }
}
