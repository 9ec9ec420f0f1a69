package io.scalepoc.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example team application (examples/team-app), as a team would use scale-poc: its own Spring
 * Boot application with its own jobs, tables and Flyway, the library as one dependency by its
 * installed coordinates. Built here against the library this build just installed, then run as two
 * real processes: they divide its two jobs; {@code kill -9} of the chunk job's owner mid-run, and
 * the other resumes the same JobInstance from its last committed chunk, every row exactly once.
 */
class TeamApplicationClusterTest {

    private static final Path EXAMPLE = Path.of("examples/team-app");
    private static final Path JAR = EXAMPLE.resolve("target/team-app.jar");
    private static final String LIBRARY = "scale-poc-spring-boot-starter-0.1.0-SNAPSHOT.jar";
    private static final String CHUNK_JOB = "invoice-totals";
    private static final String TASKLET_JOB = "daily-report";
    private static final long INVOICES = 5000;

    @BeforeAll
    static void buildTheExampleAgainstTheInstalledLibrary() throws IOException, InterruptedException {
        Path repository = Path.of(
                System.getProperty("scalepoc.maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path installed = repository
                .resolve("io/scalepoc/scale-poc-spring-boot-starter/0.1.0-SNAPSHOT")
                .resolve(LIBRARY);
        Path built = Path.of("library/target").resolve(LIBRARY);
        assertThat(installed)
                .as("the library installed by this build (run './mvnw install', as scripts/test.sh does)")
                .exists()
                .hasSameBinaryContentAs(built);

        Path log = Path.of("target/example-build.log");
        Files.createDirectories(log.getParent());
        Process build = new ProcessBuilder(
                        "./mvnw",
                        "-B",
                        "-ntp",
                        "-f",
                        EXAMPLE.resolve("pom.xml").toString(),
                        "-Dmaven.repo.local=" + repository,
                        "clean",
                        "package")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(build.waitFor(5, TimeUnit.MINUTES))
                .as("the example builds in 5 minutes")
                .isTrue();
        assertThat(build.exitValue()).as(Files.readString(log)).isZero();
        assertThat(JAR).exists();
    }

    @Test
    void shouldDivideTheTeamsJobsAndResumeItsChunkJobOnThePeerAfterAKill() throws Exception {
        Cluster cluster = Cluster.create();
        JdbcTemplate jdbc = cluster.jdbc();
        BatchMetadata metadata = new BatchMetadata(jdbc);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scalepoc.tokens", 2);
        settings.put("scalepoc.ownership.lease-duration", "6s");
        settings.put("scalepoc.ownership.heartbeat-period", "2s");
        settings.put("scalepoc.ownership.claim-interval", "2s");
        settings.put("scalepoc.jobs." + CHUNK_JOB + ".fixed-delay", "1h");
        settings.put("scalepoc.jobs." + CHUNK_JOB + ".initial-delay", "8s"); // after the two have divided the jobs
        settings.put("scalepoc.jobs." + TASKLET_JOB + ".cron", "*/5 * * * * *");
        settings.put("team.invoice-totals.pause-per-chunk", "100ms"); // 50 chunks: 5 s, time to kill it mid-run

        try (ReplicaProcess first = launch("team-1", cluster, settings);
                ReplicaProcess second = launch("team-2", cluster, settings)) {
            await("both replicas ready")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> first.isReady() && second.isReady());
            await("the two replicas divide the team's two jobs")
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            first.ownedJobs().size() == 1 && second.ownedJobs().size() == 1);
            assertThat(List.of(first.ownedJobs().get(0), second.ownedJobs().get(0)))
                    .containsExactlyInAnyOrder(CHUNK_JOB, TASKLET_JOB);

            await("the chunk job is a few chunks into its run")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() ->
                            running(metadata).filter(e -> e.writeCount() >= 200).isPresent());
            Execution interrupted = running(metadata).orElseThrow();
            ReplicaProcess owner = interrupted.owner().equals("team-1") ? first : second;
            ReplicaProcess peer = owner == first ? second : first;
            owner.kill();

            await("the peer resumes and completes the run")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> metadata.executions(CHUNK_JOB).stream()
                            .anyMatch(e -> e.owner().equals(peer.instanceId())
                                    && e.status().equals("COMPLETED")));
            await("the peer runs the tasklet job too")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> metadata.executions(TASKLET_JOB).stream()
                            .anyMatch(e -> e.owner().equals(peer.instanceId())
                                    && e.status().equals("COMPLETED")));

            List<Execution> runs = metadata.executions(CHUNK_JOB);
            assertThat(runs).hasSize(2);
            Execution killed = runs.get(0);
            Execution resumed = runs.get(1);
            assertThat(killed.owner()).isEqualTo(owner.instanceId());
            assertThat(killed.status()).isIn("FAILED", "ABANDONED");
            assertThat(killed.writeCount()).isBetween(200L, INVOICES - 1);
            assertThat(resumed.runId()).as("the same run").isEqualTo(killed.runId());
            assertThat(resumed.epoch()).as("under a later epoch").isGreaterThan(killed.epoch());
            assertThat(jdbc.queryForObject(
                            "SELECT count(DISTINCT i.job_instance_id) FROM datasync.batch_job_execution e"
                                    + " JOIN datasync.batch_job_instance i USING (job_instance_id)"
                                    + " WHERE i.job_name = ?",
                            Long.class,
                            CHUNK_JOB))
                    .as("one JobInstance")
                    .isOne();
            assertThat(resumed.readCount())
                    .as("resumed from the last committed chunk")
                    .isLessThanOrEqualTo(INVOICES - killed.writeCount());
            assertThat(jdbc.queryForMap("SELECT count(*) AS all_rows, count(DISTINCT invoice_id) AS distinct_rows"
                            + " FROM team.invoice_total"))
                    .containsEntry("all_rows", INVOICES)
                    .containsEntry("distinct_rows", INVOICES);
            assertThat(metadata.executions(TASKLET_JOB))
                    .allSatisfy(run -> assertThat(run.epoch()).isNotNull());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM team.report WHERE invoices = ?", Long.class, INVOICES))
                    .as("the tasklet's reports, stamped by the team's own Clock bean")
                    .isPositive();
            System.out.printf(
                    "team-app: kill -9 of %s after %d of %d rows; %s resumed run.id %d under epoch %d%n",
                    owner.instanceId(),
                    killed.writeCount(),
                    INVOICES,
                    peer.instanceId(),
                    resumed.runId(),
                    resumed.epoch());
        }
    }

    private static Optional<Execution> running(BatchMetadata metadata) {
        return metadata.executions(CHUNK_JOB).stream()
                .filter(e -> e.status().equals("STARTED"))
                .findFirst();
    }

    /**
     * Launches a replica of the example (its own jar and application.yml; the cluster's database and
     * lock table), without waiting: the two start together, as a Deployment's pods do.
     */
    private static ReplicaProcess launch(String instanceId, Cluster cluster, Map<String, Object> settings)
            throws IOException {
        return ReplicaProcess.launchWithLaunch(instanceId, cluster, settings, List.of("-jar", JAR.toString()));
    }
}
