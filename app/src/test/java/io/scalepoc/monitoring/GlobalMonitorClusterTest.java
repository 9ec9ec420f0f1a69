package io.scalepoc.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.SlowCustomersSync;
import io.scalepoc.testsupport.WebhookReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The global monitors for real: a replica that owns a job is killed with {@code kill -9} while no
 * other replica has a free token. The monitor finds the job ORPHANED (its probe could take the
 * lease), the capacity short and the dead owner's execution a zombie, and the webhook receives
 * the openings; when a replica with a free token starts, it adopts the job, and the monitor
 * resolves all three, which the webhook receives too.
 */
class GlobalMonitorClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final String SLOW = SlowCustomersSync.JOB;

    @Test
    void shouldRaiseOrphanedCapacityAndZombieWhenAnOwnerDiesWithoutSpareTokensAndResolveThemOnAdoption()
            throws Exception {
        Cluster cluster = Cluster.create();
        try (WebhookReceiver webhook = WebhookReceiver.start();
                ReplicaProcess doomed = ownerOfTheSlowJob(cluster);
                Replica watcher = watcher(cluster, 2, webhook).start()) {
            assertThat(doomed.ownedJobs()).containsExactly(SLOW);
            assertThat(watcher.ownedJobs())
                    .containsExactlyInAnyOrder("products-sync", "orders-sync", "monitor-1", "monitor-2");
            Api api = new Api(watcher.port());
            BatchMetadata metadata = new BatchMetadata(watcher.jdbc());
            await().atMost(Duration.ofSeconds(20)).until(() -> openAlerts(api).isEmpty() && ran(metadata, "monitor-1"));
            DemoData.seed(watcher.jdbc(), 400);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SLOW).stream()
                    .anyMatch(e -> e.status().equals("STARTED") && e.owner().equals("doomed")));

            doomed.kill();

            await().atMost(LEASE.multipliedBy(2).plusSeconds(15))
                    .until(() -> api.isAlertOpen("ORPHANED", SLOW)
                            && api.isAlertOpen("CAPACITY_SHORTFALL", "")
                            && api.isAlertOpen("ZOMBIE_EXECUTION", SLOW));
            assertThat(watcher.ownedJobs()).doesNotContain(SLOW);
            JsonNode clusterView = api.get("/api/cluster").json();
            assertThat(clusterView.get("members")).hasSize(1);
            assertThat(clusterView.get("capacity").asInt()).isEqualTo(2);
            assertThat(clusterView.get("demand").asInt()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            !webhook.delivered("alert.opened", "ORPHANED", SLOW).isEmpty()
                                    && !webhook.delivered("alert.opened", "CAPACITY_SHORTFALL", "")
                                            .isEmpty());
            JsonNode opened =
                    webhook.delivered("alert.opened", "ORPHANED", SLOW).get(0);
            assertThat(opened.get("replica").asText()).isEqualTo("watcher");
            assertThat(opened.get("message").asText()).contains("nobody holds the lease");
            assertThat(opened.get("firstSeen").asText()).isNotBlank();

            try (Replica heir = fullCatalog("heir", cluster, 1).start()) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> heir.ownedJobs().contains(SLOW));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !api.isAlertOpen("ORPHANED", SLOW)
                                && !api.isAlertOpen("CAPACITY_SHORTFALL", "")
                                && !api.isAlertOpen("ZOMBIE_EXECUTION", SLOW));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> webhook.delivered("alert.resolved", "ORPHANED", SLOW)
                                                .size()
                                        == 1
                                && webhook.delivered("alert.resolved", "CAPACITY_SHORTFALL", "")
                                                .size()
                                        == 1);
                assertThat(webhook.delivered("alert.opened", "ORPHANED", SLOW))
                        .as("deduplicated: one opening while the job stayed orphaned")
                        .hasSize(1);
                JsonNode resolved = StreamSupport.stream(
                                api.get("/api/alerts?state=resolved").json().spliterator(), false)
                        .filter(alert -> alert.get("type").asText().equals("ORPHANED"))
                        .findFirst()
                        .orElseThrow();
                assertThat(resolved.get("resolvedAt").asText()).isNotBlank();
                assertThat(metadata.overlappingExecutions()).isZero();
            }
        }
    }

    /**
     * The everyday crash: a peer has a free token and takes the job over. The monitor's scan is
     * what finds the orphan (the peer's own claim sweeps and scans come a minute apart) and sets the
     * adoption off, so
     * the monitor certainly saw it orphaned, and the dead owner's execution a zombie until the peer
     * recovered it; both cleared within the hand-over grace, so nobody is alerted.
     */
    @Test
    void shouldNotAlertACrashThatAPeerWithAFreeTokenTakesOverWithinTheHandOverGrace() throws Exception {
        Cluster cluster = Cluster.create();
        try (WebhookReceiver webhook = WebhookReceiver.start();
                ReplicaProcess doomed = ownerOfTheSlowJob(cluster);
                Replica watcher = watcher(cluster, 3, webhook)
                        .property("scalepoc.ownership.claim-interval", "60s")
                        .property("scalepoc.ownership.scan-interval", "60s")
                        .property("scalepoc.monitoring.hand-over-grace", "8s")
                        .start()) {
            assertThat(doomed.ownedJobs()).containsExactly(SLOW);
            BatchMetadata metadata = new BatchMetadata(watcher.jdbc());
            DemoData.seed(watcher.jdbc(), 400);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SLOW).stream()
                    .anyMatch(e -> e.status().equals("STARTED") && e.owner().equals("doomed")));

            doomed.kill();

            await().atMost(LEASE.multipliedBy(3).plusSeconds(15))
                    .until(() -> watcher.ownedJobs().contains(SLOW));
            await("the recovered run completes on the peer")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> metadata.executions(SLOW).stream()
                            .anyMatch(e ->
                                    e.owner().equals("watcher") && e.status().equals("COMPLETED")));
            long lastBefore = metadata.executions("monitor-1").stream()
                    .mapToLong(BatchMetadata.Execution::id)
                    .max()
                    .orElse(0);
            await("three more monitor-1 runs")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> metadata.executions("monitor-1").stream()
                                    .filter(e ->
                                            e.id() > lastBefore && e.status().equals("COMPLETED"))
                                    .count()
                            >= 3);

            assertThat(watcher.jdbc()
                            .queryForObject(
                                    """
                            SELECT count(*) FROM datasync.batch_step_execution s
                              JOIN datasync.batch_job_execution e USING (job_execution_id)
                              JOIN datasync.batch_job_instance i USING (job_instance_id)
                             WHERE i.job_name LIKE 'monitor-%' AND s.exit_message LIKE ?
                            """,
                                    Long.class, "%orphaned [" + SLOW + "]%"))
                    .as("monitor runs that found the job orphaned")
                    .isPositive();
            assertThat(watcher.jdbc()
                            .queryForList(
                                    "SELECT type || ' ' || job_name || ': ' || message FROM datasync.alert",
                                    String.class))
                    .as("alerts ever opened")
                    .isEmpty();
            assertThat(webhook.delivered()).isEmpty();
        }
    }

    /**
     * Each monitor watches the other: the replica running {@code monitor-2} is frozen ({@code
     * SIGSTOP}); {@code monitor-1}, on another replica, finds it silent; once the frozen replica's
     * lease runs out the other replica adopts {@code monitor-2}, it runs again, and the alert is
     * resolved.
     */
    @Test
    void shouldReportASilentMonitorFromTheOtherMonitorAndResolveItWhenTheMonitorRunsAgain() throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> onlyMonitor2 = new java.util.LinkedHashMap<>();
        onlyMonitor2.put("scalepoc.tokens", 1);
        // a longer lease than the silence takes to show (2 s delay + 1 s grace), so the alert is
        // raised before the watcher can adopt monitor-2
        onlyMonitor2.put("scalepoc.ownership.lease-duration", "10s");
        onlyMonitor2.put("scalepoc.ownership.heartbeat-period", "1s");
        onlyMonitor2.put("scalepoc.ownership.claim-interval", "1s");
        for (String job : java.util.List.of("customers-sync", "products-sync", "orders-sync", "payments-sync")) {
            onlyMonitor2.put("scalepoc.jobs." + job + ".enabled", false);
        }
        onlyMonitor2.put("scalepoc.monitoring.global-monitors-enabled", true);
        onlyMonitor2.put("scalepoc.monitoring.global-monitors.monitor-2", "2s");
        try (ReplicaProcess frozen = ReplicaProcess.start("frozen", cluster, onlyMonitor2);
                Replica watcher = Replica.builder("watcher", cluster)
                        .tokens(1)
                        .onlyJobs("1s")
                        .withGlobalMonitors("1s", "2s")
                        .property("scalepoc.ownership.lease-duration", LEASE)
                        .property("scalepoc.monitoring.stale-grace", "1s")
                        .start()) {
            assertThat(frozen.ownedJobs()).containsExactly("monitor-2");
            assertThat(watcher.ownedJobs()).containsExactly("monitor-1");
            Api api = new Api(watcher.port());
            BatchMetadata metadata = new BatchMetadata(watcher.jdbc());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> ran(metadata, "monitor-2") && ran(metadata, "monitor-1"));
            assertThat(api.isAlertOpen("MONITOR_SILENT", "monitor-2")).isFalse();

            frozen.pause();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> api.isAlertOpen("MONITOR_SILENT", "monitor-2"));
                JsonNode silent = StreamSupport.stream(openAlerts(api).spliterator(), false)
                        .filter(alert -> alert.get("type").asText().equals("MONITOR_SILENT"))
                        .findFirst()
                        .orElseThrow();
                assertThat(silent.get("replica").asText()).isEqualTo("watcher");
                assertThat(silent.get("message").asText()).startsWith("monitor 'monitor-2' ");

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> watcher.ownedJobs().contains("monitor-2"));
                await().atMost(Duration.ofSeconds(15)).until(() -> !api.isAlertOpen("MONITOR_SILENT", "monitor-2"));
                assertThat(metadata.executions("monitor-2"))
                        .anyMatch(e -> e.owner().equals("watcher") && e.status().equals("COMPLETED"));
            } finally {
                frozen.resume();
            }
        }
    }

    /** A child JVM whose catalog is only the slow job, so it is the one it owns. */
    private static ReplicaProcess ownerOfTheSlowJob(Cluster cluster) throws java.io.IOException {
        return ReplicaProcess.startWith(
                "doomed", cluster, SlowCustomersSync.onlyThisJob(LEASE, Map.of()), SlowCustomersSync.class);
    }

    /** A replica of the full catalog running both monitors, alerting {@code webhook}. */
    private static Replica.Builder watcher(Cluster cluster, int tokens, WebhookReceiver webhook) {
        return fullCatalog("watcher", cluster, tokens)
                .withGlobalMonitors("1s", "3s")
                .property("scalepoc.alerts.webhook-url", webhook.url())
                .property("scalepoc.alerts.webhook-backoff", "100ms");
    }

    private static Replica.Builder fullCatalog(String id, Cluster cluster, int tokens) {
        return SlowCustomersSync.peer(id, cluster, LEASE)
                .tokens(tokens)
                .job("products-sync", "enabled", true)
                .job("products-sync", "fixed-delay", "1s")
                .job("orders-sync", "enabled", true)
                .job("orders-sync", "fixed-delay", "1s");
    }

    private static boolean ran(BatchMetadata metadata, String job) {
        return metadata.executions(job).stream().anyMatch(e -> e.status().equals("COMPLETED"));
    }

    private static JsonNode openAlerts(Api api) {
        return api.get("/api/alerts?state=open").json();
    }
}
