package io.scalepoc.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.etl.TableSyncJobFactory;
import io.scalepoc.scheduling.JobScheduler;
import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.SlowCustomersSync;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * The self-monitor on one replica, each condition made to happen for real: a job whose every run
 * fails (FAILING), a run longer than its max-duration (STUCK), a job its owner may no longer
 * launch because its epoch moved on (STALE), a paused job (its alerts resolved), and a dead
 * scheduler (SCHEDULE_DEAD, MONITOR_SILENT for the monitor it owns, and liveness DOWN).
 */
class SelfMonitorIntegrationTest {

    private static final String FAILING = "failing-sync";
    private static final String SLOW = SlowCustomersSync.JOB;
    private static final String FRESH = "customers-sync";

    /**
     * A customers sync that fails on its first row, every time, after 600 ms of work: runs long
     * enough for the self-monitor (every 500 ms) to look while one is in progress.
     */
    static class FailingSync {
        @Bean(FAILING)
        Job failingSync(TableSyncJobFactory factory) {
            return SlowCustomersSync.customersSync(factory, FAILING, 10, row -> {
                // parkNanos stands for the work done before the failure
                LockSupport.parkNanos(Duration.ofMillis(600).toNanos());
                throw new IllegalStateException("source row " + row.get("id") + " is malformed");
            });
        }
    }

    @Test
    void shouldRaiseFailingStuckStaleAndDeadScheduleForTheJobsItOwnsAndResolveThemWhenTheyClear() {
        Cluster cluster = Cluster.create();
        try (Replica replica = Replica.builder("self", cluster)
                .tokens(3)
                .withConfiguration(SlowCustomersSync.class)
                .withConfiguration(FailingSync.class)
                .onlyJobs("1s", FRESH)
                .job(FAILING, "fixed-delay", "1s")
                .job(SLOW, "fixed-delay", "1s")
                .job(SLOW, "max-duration", "2s")
                .property("scalepoc.test.row-cost", "50ms")
                .withGlobalMonitors("1s", "2s")
                .property("scalepoc.monitoring.self-check-interval", "500ms")
                .property("scalepoc.monitoring.stale-grace", "2s")
                .property("scalepoc.monitoring.failure-threshold", "2")
                .start()) {
            Api api = new Api(replica.port());
            DemoData.seed(replica.jdbc(), 200);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.isAlertOpen("FAILING", FAILING) && api.isAlertOpen("STUCK", SLOW));
            assertThat(alert(api, "FAILING", FAILING).get("message").asText())
                    .contains("the last 2 executions")
                    .contains("is malformed");
            assertThat(alert(api, "STUCK", SLOW).get("message").asText()).contains("longer than its max-duration PT2S");
            BatchMetadata metadata = new BatchMetadata(replica.jdbc());
            long failedSoFar = failedRuns(metadata);
            await("three more failed runs")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> failedRuns(metadata) >= failedSoFar + 3);
            assertThat(replica.jdbc()
                            .queryForObject(
                                    "SELECT count(*) FROM datasync.alert WHERE type = 'FAILING' AND job_name = ?",
                                    Long.class,
                                    FAILING))
                    .as("FAILING alerts opened while the job kept failing (none resolved by a run starting)")
                    .isEqualTo(1);
            assertThat(api.isAlertOpen("STALE", FRESH)).isFalse();

            // STUCK clears once the long run ends; FAILING clears when the job is paused (ignored)
            await().atMost(Duration.ofSeconds(30)).until(() -> !api.isAlertOpen("STUCK", SLOW));
            assertThat(api.post("/api/jobs/" + FAILING + "/pause").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> !api.isAlertOpen("FAILING", FAILING));

            // STALE: another epoch was taken (as after a takeover), so this owner may no longer launch
            replica.jdbc().update("UPDATE datasync.job_epoch SET epoch = epoch + 1 WHERE job_name = ?", FRESH);
            await().atMost(Duration.ofSeconds(15)).until(() -> api.isAlertOpen("STALE", FRESH));
            assertThat(alert(api, "STALE", FRESH).get("message").asText()).contains("was due again at");

            // a dead scheduler: every owned job's schedule is gone while the replica still owns them
            assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
            replica.bean(JobScheduler.class).stop();
            await().atMost(Duration.ofSeconds(15))
                    .until(() ->
                            api.isAlertOpen("SCHEDULE_DEAD", FRESH) && api.isAlertOpen("MONITOR_SILENT", "monitor-2"));
            Api.Response anonymous = api.get("/actuator/health/liveness");
            assertThat(anonymous.status()).isEqualTo(503);
            assertThat(anonymous
                            .json()
                            .get("components")
                            .get("schedules")
                            .get("status")
                            .asText())
                    .isEqualTo("DOWN");
            assertThat(anonymous.json().get("components").get("schedules").has("details"))
                    .as("no details for anonymous callers")
                    .isFalse();
            Api.Response liveness = api.getAsOperator("/actuator/health/liveness");
            assertThat(liveness.status()).isEqualTo(503);
            assertThat(liveness.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(liveness.json()
                            .get("components")
                            .get("schedules")
                            .get("details")
                            .get("deadSchedules")
                            .toString())
                    .contains(FRESH);
            assertThat(api.get("/actuator/health/readiness").status())
                    .as("a dead scheduler is a liveness matter only")
                    .isEqualTo(200);
        }
    }

    private static JsonNode alert(Api api, String type, String job) {
        JsonNode alert = find(api, type, job);
        assertThat(alert).as("open %s alert on %s", type, job).isNotNull();
        return alert;
    }

    private static JsonNode find(Api api, String type, String job) {
        for (JsonNode alert : api.get("/api/alerts?state=open").json()) {
            if (alert.get("type").asText().equals(type)
                    && alert.get("job").asText().equals(job)) {
                return alert;
            }
        }
        return null;
    }

    private static long failedRuns(BatchMetadata metadata) {
        return metadata.executions(FAILING).stream()
                .filter(e -> e.status().equals("FAILED"))
                .count();
    }
}
