package io.scalepoc.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The global monitors' safety audit on a real replica over real metadata: a clean cluster records
 * no violation; then each violation is written into the metadata as a broken runner would have left
 * it — two COMPLETED runs of one job overlapping in time, a chunk committed after a later epoch was
 * acquired, a lease held for hours without a run — and the audit opens OVERLAP,
 * STALE_EPOCH_COMMIT and HELD_IDLE with the evidence, records each once, and counts them.
 */
class SafetyAuditIntegrationTest {

    private static final String AUDITED = "customers-sync";
    /** Owned, but waiting an hour for its first run: held without a run, legitimately, until the epoch is aged. */
    private static final String WAITING = "products-sync";

    @Test
    void shouldOpenAnAlertWithTheEvidenceForEachViolationInjectedIntoTheMetadata() {
        Cluster cluster = Cluster.create();
        try (Replica replica = Replica.builder("auditor", cluster)
                .tokens(2)
                .onlyJobs("1s", AUDITED, WAITING)
                .job(WAITING, "initial-delay", "1h")
                .withGlobalMonitors("1s", "2s")
                .property("scalepoc.monitoring.self-check-interval", "1s")
                .start()) {
            JdbcTemplate jdbc = replica.jdbc();
            Api api = new Api(replica.port());
            MeterRegistry meters = replica.bean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> replica.ownedJobs().size() == 4 && monitorRuns(jdbc) >= 3);
            assertThat(violations(jdbc)).as("a healthy cluster").isZero();
            assertThat(api.isAlertOpen("HELD_IDLE", WAITING))
                    .as("waiting for its initial delay is not idle")
                    .isFalse();

            // two COMPLETED runs of AUDITED whose spans overlap, on PostgreSQL's clock
            jdbc.update(
                    "INSERT INTO datasync.batch_job_instance (job_instance_id, version, job_name, job_key)"
                            + " VALUES (900001, 0, ?, 'injected-1'), (900002, 0, ?, 'injected-2')",
                    AUDITED,
                    AUDITED);
            for (long id : new long[] {900001, 900002}) {
                jdbc.update(
                        "INSERT INTO datasync.batch_job_execution (job_execution_id, version, job_instance_id,"
                                + " create_time, start_time, end_time, status, exit_code, last_updated)"
                                + " VALUES (?, 1, ?, localtimestamp, localtimestamp, localtimestamp, 'COMPLETED',"
                                + " 'COMPLETED', localtimestamp)",
                        id,
                        id);
            }
            // minutes before the replica started, so that they overlap each other and no real run
            jdbc.update("UPDATE datasync.execution_clock SET started_at = clock_timestamp() - interval '6 minutes',"
                    + " ended_at = clock_timestamp() - interval '4 minutes' WHERE job_execution_id = 900001");
            jdbc.update("UPDATE datasync.execution_clock SET started_at = clock_timestamp() - interval '5 minutes',"
                    + " ended_at = clock_timestamp() - interval '3 minutes' WHERE job_execution_id = 900002");
            // a chunk committed under epoch 1 after epoch 1000 was acquired
            jdbc.update(
                    "INSERT INTO datasync.job_epoch_history (job_name, epoch, owner, acquired_at)"
                            + " VALUES (?, 1000, 'intruder', clock_timestamp() - interval '3 seconds')",
                    AUDITED);
            jdbc.update(
                    "INSERT INTO datasync.sync_chunk_log (job_name, epoch, job_execution_id, owner, rows_written)"
                            + " VALUES (?, 1, 900001, 'auditor', 20)",
                    AUDITED);
            // the waiting job's lease has been held for two hours without a run
            jdbc.update(
                    "UPDATE datasync.job_epoch_history SET acquired_at = clock_timestamp() - interval '2 hours'"
                            + " WHERE job_name = ? AND epoch = (SELECT epoch FROM datasync.job_epoch WHERE job_name = ?)",
                    WAITING,
                    WAITING);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> api.isAlertOpen("OVERLAP", AUDITED)
                            && api.isAlertOpen("STALE_EPOCH_COMMIT", AUDITED)
                            && api.isAlertOpen("HELD_IDLE", WAITING));
            String alerts = api.get("/api/alerts?state=open").body();
            assertThat(alerts)
                    .contains("executions 900001 and 900002 both COMPLETED and overlapped in time")
                    .contains("committed under epoch 1")
                    .contains("after epoch 1000 was acquired")
                    .contains("replica 'auditor' has held the lease of job '" + WAITING + "'");

            // recorded once each, however many runs found them, and counted
            await().atMost(Duration.ofSeconds(10)).until(() -> monitorRuns(jdbc) >= 10);
            assertThat(jdbc.queryForList("SELECT type FROM datasync.safety_violation ORDER BY type", String.class))
                    .containsExactly("HELD_IDLE", "OVERLAP", "STALE_EPOCH_COMMIT");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> meters.get("scalepoc.safety.violations")
                                    .tag("type", "OVERLAP")
                                    .gauge()
                                    .value()
                            == 1.0);
            assertThat(meters.get("scalepoc.safety.violations")
                            .tag("type", "STALE_EPOCH_COMMIT")
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
        }
    }

    private static long violations(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM datasync.safety_violation", Long.class);
    }

    private static long monitorRuns(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM datasync.batch_job_execution e"
                        + " JOIN datasync.batch_job_instance i USING (job_instance_id)"
                        + " WHERE i.job_name LIKE 'monitor-%' AND e.status = 'COMPLETED'",
                Long.class);
    }
}
