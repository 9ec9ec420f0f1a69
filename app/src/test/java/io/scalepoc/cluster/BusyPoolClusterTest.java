package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.scalepoc.config.InvalidConfigurationException;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.NestedExceptionUtils;

/**
 * A connection pool kept busy by long runs is not a PostgreSQL outage. One replica with 4 tokens
 * owns 4 {@code sql} jobs that each hold a connection for seconds at a time: with the pool at the
 * minimum start-up accepts (4 runs + 3 of the replica's own = 7), no job is given up, no epoch
 * moves and every job completes run after run — the check-in has a pool of its own. One connection
 * fewer and start-up refuses, naming the property and the number required.
 *
 * <p>Then a second replica joins under {@code balance: fair}, and the first hands two of its jobs over
 * although they are running nearly all the time: each hand-over is carried out by the job's own
 * tick, between two runs, never against a running execution — so no run is stopped, failed or
 * fenced, and no two runs of a job overlap.
 */
class BusyPoolClusterTest {

    private static final List<String> JOBS = List.of("slow-a", "slow-b", "slow-c", "slow-d");

    @Test
    void shouldRefuseAPoolBelowTheMinimumAndNeverGiveJobsUpWhileThePoolAtTheMinimumIsBusy() {
        Cluster cluster = Cluster.create();

        Throwable refused = catchThrowable(() -> replica("busy", cluster, 6).start());
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(refused);
        assertThat(cause).isInstanceOf(InvalidConfigurationException.class);
        assertThat(((InvalidConfigurationException) cause).problems())
                .singleElement()
                .asString()
                .startsWith("spring.datasource.hikari.maximum-pool-size is 6, but this replica needs at least 7 "
                        + "connections");

        try (Replica replica = replica("busy", cluster, 7).start()) {
            BatchMetadata metadata = new BatchMetadata(replica.jdbc());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> replica.ownedJobs().size() == JOBS.size());

            // three runs of 3 s each, back to back on every job, outlast the database-outage grace (one lease, 6 s)
            await().atMost(Duration.ofSeconds(45))
                    .until(() -> JOBS.stream().allMatch(job -> completed(metadata, job) >= 3));

            assertThat(replica.ownedJobs()).containsExactlyInAnyOrderElementsOf(JOBS);
            assertThat(replica.ownership().ownedJobs())
                    .extracting(OwnedJob::epoch)
                    .containsOnly(1L);
            for (String job : JOBS) {
                assertThat(metadata.currentEpoch(job)).as(job).isEqualTo(1);
            }
            assertThat(replica.jdbc()
                            .queryForObject(
                                    "SELECT count(*) FROM datasync.job_event WHERE type IN ('RELEASED', 'LOST')",
                                    Long.class))
                    .as("nothing given up")
                    .isZero();
            assertThat(metadata.overlappingExecutions()).isZero();

            try (Replica joiner = replica("joiner", cluster, 7).start()) {
                await("two jobs handed over between their runs")
                        .atMost(Duration.ofSeconds(40))
                        .until(() -> joiner.ownedJobs().size() == 2
                                && replica.ownedJobs().size() == 2
                                && JOBS.stream()
                                        .allMatch(job -> metadata.executions(job).stream()
                                                        .anyMatch(e -> e.owner().equals(joiner.instanceId())
                                                                && e.status().equals("COMPLETED"))
                                                || replica.ownedJobs().contains(job)));
                assertThat(JOBS.stream()
                                .flatMap(job -> metadata.executions(job).stream())
                                .map(BatchMetadata.Execution::status)
                                .distinct())
                        .as("no run stopped, failed or fenced by a hand-over")
                        .isSubsetOf("COMPLETED", "STARTED", "STARTING");
                assertThat(replica.jdbc()
                                .queryForObject(
                                        "SELECT count(*) FROM datasync.job_event WHERE type = 'RELEASED'"
                                                + " AND detail LIKE 'rebalance%'",
                                        Long.class))
                        .isEqualTo(2);
                assertThat(metadata.overlappingExecutions()).isZero();
            }
        }
    }

    private static long completed(BatchMetadata metadata, String job) {
        return metadata.executions(job).stream()
                .filter(execution -> execution.status().equals("COMPLETED"))
                .count();
    }

    private static Replica.Builder replica(String name, Cluster cluster, int poolSize) {
        Replica.Builder builder = Replica.builder(name, cluster)
                .tokens(JOBS.size())
                .property("spring.datasource.hikari.maximum-pool-size", poolSize)
                .onlyJobs("200ms");
        for (String job : JOBS) {
            builder.job(job, "type", "sql")
                    .job(job, "sql.statements[0]", "SELECT pg_sleep(3)")
                    .job(job, "fixed-delay", "200ms")
                    .job(job, "initial-delay", "0s");
        }
        return builder;
    }
}
