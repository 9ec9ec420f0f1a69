package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One replica loses PostgreSQL (a TCP proxy between it and PostgreSQL is cut) while DynamoDB still
 * answers, so it keeps heartbeating the leases of jobs it cannot run. Possessing a lock is not
 * running the job: within a few leases it gives its jobs (and its monitor) up and the peer runs
 * them; the peer's monitor — the two monitors sit on different replicas — alerts meanwhile; and
 * after the heal no job is owned twice and no two executions of a job overlapped.
 */
class PostgresCutOffClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final List<String> SYNCS =
            List.of("customers-sync", "products-sync", "orders-sync", "payments-sync");
    private static final Set<String> MONITORS = Set.of("monitor-1", "monitor-2");

    @Test
    void shouldGiveTheJobsOfAReplicaCutOffFromPostgresToAPeerThatAlertsMeanwhile() throws Exception {
        Cluster cluster = Cluster.create();
        URI postgres = URI.create(cluster.jdbcUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = TcpProxy.to("http://" + postgres.getHost() + ":" + postgres.getPort())) {
            String throughProxy = cluster.jdbcUrl()
                    .replace(
                            postgres.getHost() + ":" + postgres.getPort(),
                            "127.0.0.1:" + URI.create(proxy.endpoint()).getPort());
            Map<String, Object> cutOffSettings = new LinkedHashMap<>(settings());
            cutOffSettings.put("spring.datasource.url", throughProxy);
            try (ReplicaProcess cutOff = ReplicaProcess.start("cut-off", cluster, cutOffSettings);
                    Replica peer = peer(cluster)) {
                JdbcTemplate jdbc = peer.jdbc();
                BatchMetadata metadata = new BatchMetadata(jdbc);
                DemoData.seed(jdbc, 50);
                // placed apart: the replica that had both monitors hands one over to the newcomer
                await("one monitor on each replica")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> monitorsOf(cutOff.ownedJobs()).size() == 1
                                && monitorsOf(new ArrayList<>(peer.ownedJobs())).size() == 1);
                await("the cut-off replica runs jobs")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> SYNCS.stream()
                                .anyMatch(job -> cutOff.ownedJobs().contains(job)
                                        && metadata.executions(job).stream()
                                                .anyMatch(e -> e.owner().equals("cut-off")
                                                        && e.status().equals("COMPLETED"))));
                List<String> heldByCutOff = cutOff.ownedJobs();
                OffsetDateTime cutAt = jdbc.queryForObject("SELECT clock_timestamp()", OffsetDateTime.class);
                long lastBeforeCut = metadata.lastExecutionId();

                proxy.cut();

                await("an alert on a job of the cut-off replica is open")
                        .atMost(LEASE.multipliedBy(3))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> openLateAlerts(jdbc, cutAt, heldByCutOff) > 0);
                await("the peer owns every job")
                        .atMost(LEASE.multipliedBy(5))
                        .until(() -> peer.ownedJobs().containsAll(SYNCS)
                                && peer.ownedJobs().containsAll(MONITORS));
                await("the peer ran the jobs of the cut-off replica")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> heldByCutOff.stream()
                                .filter(SYNCS::contains)
                                .allMatch(job -> metadata.executions(job).stream()
                                        .anyMatch(e -> e.owner().equals("peer")
                                                && e.status().equals("COMPLETED")
                                                && e.id() > lastBeforeCut)));
                assertThat(cutOff.log()).contains("Giving up job", "PostgreSQL does not answer");

                proxy.restore();

                await("the cut-off replica is ready again")
                        .atMost(Duration.ofSeconds(30))
                        .until(cutOff::isReady);
                await("monitors apart again")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> monitorsOf(cutOff.ownedJobs()).size() == 1);
                List<String> owned = new ArrayList<>(cutOff.ownedJobs());
                owned.addAll(peer.ownedJobs());
                assertThat(owned).as("no job owned twice").doesNotHaveDuplicates();
                assertThat(metadata.overlappingExecutions()).isZero();
            }
        }
    }

    private static long openLateAlerts(JdbcTemplate jdbc, OffsetDateTime since, List<String> jobs) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM datasync.alert WHERE type IN ('STALE', 'MONITOR_SILENT') AND resolved_at IS NULL"
                        + " AND first_seen >= ? AND job_name = ANY (?) AND message LIKE '%held by ''cut-off''%'",
                Long.class, since, jobs.toArray(String[]::new));
        return count == null ? 0 : count;
    }

    private static List<String> monitorsOf(List<String> owned) {
        return owned.stream().filter(MONITORS::contains).toList();
    }

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.profiles.active", "demo");
        settings.put("scalepoc.tokens", 4);
        settings.put("scalepoc.ownership.lease-duration", LEASE);
        settings.put("scalepoc.ownership.heartbeat-period", "1s");
        settings.put("scalepoc.ownership.claim-interval", "1s");
        settings.putAll(Replica.globalMonitors("2s", "3s"));
        settings.put("scalepoc.monitoring.stale-grace", "2s");
        settings.put("spring.datasource.hikari.connection-timeout", "2000");
        for (String job : SYNCS) {
            settings.put("scalepoc.jobs." + job + ".fixed-delay", "1s");
            settings.put("scalepoc.jobs." + job + ".initial-delay", "0s");
        }
        return settings;
    }

    private static Replica peer(Cluster cluster) {
        return Replica.builder("peer", cluster).properties(settings()).start();
    }
}
