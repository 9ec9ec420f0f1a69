package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * One replica's clock is an hour ahead (libfaketime on a child JVM: its wall clock, its monotonic
 * clock and so Spring Batch's own start and end times). Nothing it decides or that is decided about
 * its jobs may depend on that: the skew is reported (CLOCK_SKEW, health, metric); when it is frozen
 * its job is alerted STALE (or STUCK, if frozen mid-run) by the monitor on the other replica; and when it hands the job over, the
 * peer keeps the job's fixed delay instead of waiting for an end time an hour in the future. The
 * skew is one alert for as long as it lasts (opened and refreshed by the replica's own check, never
 * resolved by a monitor elsewhere while the replica is live), resolved once after the replica leaves.
 */
class ClockSkewClusterTest {

    private static final String JOB = "customers-sync";

    @Test
    void shouldKeepSchedulesAndStalenessOnPostgresClockWhenAReplicasClockIsAnHourAhead() throws Exception {
        Cluster cluster = Cluster.create();
        try (ReplicaProcess ahead = ReplicaProcess.startWithClockOffset("ahead", cluster, settings(), "+1h");
                Replica peer = peer(cluster)) {
            JdbcTemplate jdbc = peer.jdbc();
            BatchMetadata metadata = new BatchMetadata(jdbc);
            Api api = new Api(peer.port());
            await("the replica an hour ahead runs the job")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> metadata.executions(JOB).stream()
                            .anyMatch(
                                    e -> e.owner().equals("ahead") && e.status().equals("COMPLETED")));
            assertThat(metadata.executions(JOB).get(0).start())
                    .as("Spring Batch's own start time carries the offset clock")
                    .isAfter(LocalDateTime.now().plusMinutes(50));

            // reported
            await("CLOCK_SKEW open").atMost(Duration.ofSeconds(30)).until(() -> api.isAlertOpen("CLOCK_SKEW", "ahead"));
            JsonNode clock = new Api(ahead.port())
                    .getAsOperator("/actuator/health")
                    .json()
                    .get("components")
                    .get("clock");
            assertThat(clock.get("details").get("withinBound").asBoolean()).isFalse();
            assertThat(clock.get("details").get("skewSeconds").asDouble()).isBetween(-3610.0, -3590.0);
            assertThat(new Api(ahead.port()).get("/actuator/prometheus").body())
                    .containsPattern("scalepoc_clock_skew_seconds -3[56]\\d\\d\\.");
            assertThat(api.isAlertOpen("CLOCK_SKEW", "peer")).isFalse();

            // a job that stops running is STALE, judged on PostgreSQL's clock
            await("a monitor on the peer").atMost(Duration.ofSeconds(30)).until(() -> peer.ownedJobs().stream()
                    .anyMatch(job -> job.startsWith("monitor-")));
            ahead.pause();
            try {
                // STALE, or STUCK if it was frozen in the middle of a run: both judged on PostgreSQL's clock
                await("STALE (or STUCK) while its owner is frozen")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> api.isAlertOpen("STALE", JOB) || api.isAlertOpen("STUCK", JOB));
            } finally {
                ahead.resume();
            }

            // one CLOCK_SKEW for the whole time the replica is an hour ahead, frozen or not: its own check
            // owns the alert, and the monitors on the peer never resolve it while it is a live member
            assertThat(clockSkewAlerts(jdbc))
                    .as("CLOCK_SKEW openings and resolutions of 'ahead'")
                    .isEqualTo("1 0");

            // a hand-over keeps the fixed delay
            long lastBeforeHandOver = metadata.lastExecutionId();
            await("the replica ahead runs the job again")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> metadata.executions(JOB).stream()
                            .anyMatch(e -> e.id() > lastBeforeHandOver
                                    && e.owner().equals("ahead")
                                    && e.status().equals("COMPLETED")));
            ahead.terminate();
            ahead.awaitExit(Duration.ofSeconds(30));
            await("the peer runs the job it took over when it is due")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> metadata.executions(JOB).stream()
                            .anyMatch(
                                    e -> e.owner().equals("peer") && e.status().equals("COMPLETED")));
            Double gap = jdbc.queryForObject(
                    """
                    SELECT extract(epoch FROM min(c.started_at) FILTER (WHERE p.parameter_value = 'peer')
                                            - max(c.ended_at) FILTER (WHERE p.parameter_value = 'ahead'))
                      FROM datasync.execution_clock c
                      JOIN datasync.batch_job_execution e ON e.job_execution_id = c.job_execution_id
                      JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                      JOIN datasync.batch_job_execution_params p
                        ON p.job_execution_id = c.job_execution_id AND p.parameter_name = 'owner'
                     WHERE i.job_name = ?
                    """,
                    Double.class,
                    JOB);
            System.out.printf("hand-over from the replica an hour ahead: last end -> next start %.3f s%n", gap);
            assertThat(gap)
                    .as("seconds from the last end on 'ahead' to the first start on 'peer'")
                    .isBetween(0.0, 10.0);

            // the replica left: a monitor resolves its CLOCK_SKEW once, after the quiet period. Normally
            // within seconds (its member lease is deleted at shutdown); but when its last member-lease
            // heartbeat timed out after DynamoDB applied it, the conditional delete at shutdown misses
            // the new version and the member counts as live until its lease (60 s) has stood still
            await("CLOCK_SKEW of the replica that left resolved (openings, resolutions)")
                    .atMost(Duration.ofSeconds(60 + 5 + 10))
                    .until(() -> clockSkewAlerts(jdbc), org.hamcrest.Matchers.equalTo("1 1"));
        }
    }

    /**
     * "openings resolutions" of the CLOCK_SKEW alert of 'ahead' (one row per opening), then each
     * row's times and who last saw and resolved it, for a failure message.
     */
    private static String clockSkewAlerts(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT count(*) || ' ' || count(resolved_at) FROM datasync.alert"
                        + " WHERE type = 'CLOCK_SKEW' AND job_name = 'ahead'",
                String.class);
    }

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.profiles.active", "demo");
        settings.put("scalepoc.tokens", 1);
        // a lease far longer than the test's freeze: the frozen owner keeps its job, so only the
        // monitor's judgement can tell that it has stopped running
        settings.put("scalepoc.ownership.lease-duration", "60s");
        settings.put("scalepoc.ownership.heartbeat-period", "2s");
        settings.put("scalepoc.ownership.claim-interval", "1s");
        settings.putAll(Replica.globalMonitors("1s", "2s"));
        settings.put("scalepoc.monitoring.stale-grace", "2s");
        settings.put("scalepoc.monitoring.self-check-interval", "1s");
        settings.put("scalepoc.monitoring.resolve-quiet-period", "5s");
        for (String job : List.of("products-sync", "orders-sync", "payments-sync")) {
            settings.put("scalepoc.jobs." + job + ".enabled", false);
        }
        settings.put("scalepoc.jobs." + JOB + ".fixed-delay", "2s");
        settings.put("scalepoc.jobs." + JOB + ".initial-delay", "0s");
        settings.put("scalepoc.jobs." + JOB + ".max-duration", "3s"); // a run takes milliseconds
        return settings;
    }

    private static Replica peer(Cluster cluster) {
        return Replica.builder("peer", cluster).properties(settings()).start();
    }
}
