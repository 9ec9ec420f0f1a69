package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.UserJobs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Jobs of the kind teams write, calling no scale-poc API ({@link UserJobs}: a tasklet that inserts
 * rows, and a {@code JdbcCursorItemReader} → {@code JdbcBatchItemWriter} chunk job), are fenced by
 * the runner all the same: their owner is frozen ({@code SIGSTOP}) inside a transaction for longer
 * than its lease, a peer takes both jobs over, and when the old owner wakes up and tries to commit
 * what it was doing, the epoch fence rolls it back. Not one row committed under the stale epoch
 * after the takeover.
 */
class UserJobFencingClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final int TASKLET_GATE = 15;
    private static final int CHUNK_GATE = 55;

    @Test
    void shouldRollBackWhatAFrozenOwnerOfAUserJobCommitsAfterATakeover() throws Exception {
        Cluster cluster = Cluster.create();
        JdbcTemplate jdbc = cluster.jdbc();
        UserJobs.createTables(jdbc, TASKLET_GATE, CHUNK_GATE);
        List<String> jobs = List.of(UserJobs.TASKLET_JOB, UserJobs.CHUNK_JOB);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scalepoc.tokens", 2);
        // the peer keeps what it adopted: under fair balancing it would hand a job back to the
        // sleeper once the sleeper is live again, which is not what this test is about
        settings.put("scalepoc.ownership.balance", "fill");
        // both jobs hold connections while they wait at their gates: the chunk job two (its
        // transaction and its cursor), the tasklet one
        settings.put("spring.datasource.hikari.maximum-pool-size", 10);
        settings.put("scalepoc.ownership.lease-duration", LEASE);
        settings.put("scalepoc.ownership.heartbeat-period", "1s");
        settings.put("scalepoc.ownership.claim-interval", "1s");
        for (String demoJob : List.of("customers-sync", "products-sync", "orders-sync", "payments-sync")) {
            settings.put("scalepoc.jobs." + demoJob + ".enabled", false);
        }
        jobs.forEach(job -> settings.put("scalepoc.jobs." + job + ".fixed-delay", "2s"));

        try (ReplicaProcess sleeper = ReplicaProcess.startWith("sleeper", cluster, settings, UserJobs.class)) {
            await("both jobs wait at their gates on the sleeper, inside a transaction")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> jobs.stream().allMatch(job -> "sleeper".equals(UserJobs.waitingAtGate(jdbc, job))));
            sleeper.pause();
            long taskletRowsBefore = rowsOfEpoch(jdbc, UserJobs.TASKLET_ROWS, 1);
            long chunkRowsBefore = rowsOfEpoch(jdbc, UserJobs.CHUNK_ROWS, 1);
            assertThat(taskletRowsBefore).isEqualTo(TASKLET_GATE - 1);
            assertThat(chunkRowsBefore).as("whole chunks of 10 before the gate").isEqualTo(50);
            UserJobs.openGates(jdbc);

            Replica.Builder peerBuilder = Replica.builder("awake", cluster)
                    .tokens(2)
                    .property("scalepoc.ownership.lease-duration", LEASE)
                    .property("scalepoc.ownership.balance", "fill")
                    .withConfiguration(UserJobs.class)
                    .onlyJobs("2s", jobs.toArray(String[]::new));
            try (Replica peer = peerBuilder.start()) {
                await("the peer owns both jobs while the sleeper is frozen")
                        .atMost(LEASE.plusSeconds(20))
                        .until(() -> peer.ownedJobs().containsAll(jobs));
                await("the peer has committed rows of both jobs")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> rowsOfEpoch(jdbc, UserJobs.TASKLET_ROWS, 2) > 0
                                && rowsOfEpoch(jdbc, UserJobs.CHUNK_ROWS, 2) > 0);
                sleeper.resume();

                for (String job : jobs) {
                    await("the sleeper's commit of " + job + " is fenced")
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> sleeper.log()
                                    .contains("Fenced: job '" + job
                                            + "' execution carries epoch 1 but the current epoch is 2"));
                }
                BatchMetadata metadata = new BatchMetadata(jdbc);
                await().atMost(Duration.ofSeconds(30)).until(() -> jobs.stream()
                        .flatMap(job -> metadata.executions(job).stream())
                        .filter(e -> e.owner().equals("sleeper"))
                        .noneMatch(
                                e -> e.status().equals("STARTED") || e.status().equals("STOPPING")));

                assertThat(rowsOfEpoch(jdbc, UserJobs.TASKLET_ROWS, 1))
                        .as("tasklet rows committed under epoch 1")
                        .isEqualTo(taskletRowsBefore);
                assertThat(rowsOfEpoch(jdbc, UserJobs.CHUNK_ROWS, 1))
                        .as("chunk rows committed under epoch 1")
                        .isEqualTo(chunkRowsBefore);
                assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM " + UserJobs.CHUNK_ROWS + " WHERE epoch = 1 AND n > 50",
                                Long.class))
                        .isZero();
                for (String job : jobs) {
                    assertThat(metadata.executions(job).stream()
                                    .filter(e -> e.owner().equals("sleeper")))
                            .singleElement()
                            .satisfies(e -> assertThat(e.status()).isEqualTo("FAILED"));
                    assertThat(metadata.executions(job).stream()
                                    .filter(e -> e.owner().equals("awake")))
                            .isNotEmpty()
                            .allSatisfy(e -> assertThat(e.epoch()).isEqualTo(2));
                }
                assertThat(sleeper.ownedJobs()).isEmpty();
            }
        }
    }

    private static long rowsOfEpoch(JdbcTemplate jdbc, String table, long epoch) {
        Long rows = jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE epoch = ?", Long.class, epoch);
        return rows == null ? 0 : rows;
    }
}
