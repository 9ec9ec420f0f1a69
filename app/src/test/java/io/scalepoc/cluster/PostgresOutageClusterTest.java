package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.SlowCustomersSync;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops in the middle of an execution and comes back: the execution fails cleanly, the
 * replica neither crashes nor spins, health reports the database down, and after PostgreSQL returns
 * the replica recovers the execution it could not finish and carries on, with the same lease and
 * epoch (the outage is shorter than the database-outage grace). Stops and starts the real local cluster through scripts/postgres.sh; skipped where that
 * script cannot manage it (no Debian cluster, no root or sudo).
 */
class PostgresOutageClusterTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldFailTheExecutionCleanlyReportTheDatabaseDownAndRecoverWhenItReturns() throws Exception {
        assumeTrue(canManagePostgres(), "scripts/postgres.sh cannot stop and start PostgreSQL here");
        Cluster cluster = Cluster.create();
        try (Replica replica = Replica.builder("steadfast", cluster)
                .tokens(1)
                .withConfiguration(SlowCustomersSync.class)
                .onlyJobs("1s")
                .job(SlowCustomersSync.JOB, "fixed-delay", "1s")
                .property("spring.datasource.hikari.connection-timeout", 1000)
                // an outage shorter than the grace: the replica keeps its job (PostgresCutOffClusterTest
                // covers the longer one, where it gives the job up)
                .property("scalepoc.ownership.database-outage-grace", "2m")
                .start()) {
            BatchMetadata metadata = new BatchMetadata(replica.jdbc());
            DemoData.seed(replica.jdbc(), 500);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.status().equals("STARTED") && e.writeCount() >= 50));

            postgres("stop");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> healthStatus(replica) == 503);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !replica.bean(io.scalepoc.execution.LocalExecutions.class)
                                .isRunningLocally(SlowCustomersSync.JOB));
                assertThat(replica.isRunning()).isTrue();
                assertThat(replica.ownedJobs()).containsExactly(SlowCustomersSync.JOB);
            } finally {
                postgres("start");
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> healthStatus(replica) == 200);
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> DemoData.mismatches(replica.jdbc()).get("customers") == 0
                            && metadata.executions(SlowCustomersSync.JOB).stream()
                                    .noneMatch(e -> e.status().equals("STARTED")));
            assertThat(replica.ownedJobs()).containsExactly(SlowCustomersSync.JOB);
            assertThat(metadata.currentEpoch(SlowCustomersSync.JOB)).isEqualTo(1);
            assertThat(metadata.executions(SlowCustomersSync.JOB))
                    .anyMatch(e -> e.status().equals("COMPLETED") && e.readCount() > 0);
            assertThat(metadata.overlappingExecutions()).isZero();
        }
    }

    private int healthStatus(Replica replica) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + replica.port() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static boolean canManagePostgres() throws IOException, InterruptedException {
        boolean debianCluster = new ProcessBuilder("sh", "-c", "command -v pg_lsclusters")
                        .start()
                        .waitFor()
                == 0;
        boolean privileged = new ProcessBuilder("sh", "-c", "[ \"$(id -u)\" = 0 ] || sudo -n true")
                        .start()
                        .waitFor()
                == 0;
        return debianCluster && privileged && Files.isExecutable(Path.of("scripts", "postgres.sh"));
    }

    private static void postgres(String action) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("scripts/postgres.sh", action).inheritIO().start();
        assertThat(process.waitFor()).as("scripts/postgres.sh %s", action).isZero();
    }
}
