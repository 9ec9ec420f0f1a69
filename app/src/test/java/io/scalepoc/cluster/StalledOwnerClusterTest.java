package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An owner stalled ({@code SIGSTOP}) for longer than its safe time without a heartbeat but shorter
 * than its lease — a GC pause, CPU starvation, a frozen VM — and then continued. When it wakes, its
 * heartbeats, its session monitors and its claim sweep all run at once: whichever notices first,
 * each lease that went into danger is given up and, once its execution has ended, released; a lease
 * whose heartbeat came first is simply kept. Either way every job it owned runs again (here or on
 * the peer) within two leases and its fixed delay, and keeps running: no job is left held by a
 * replica that neither runs it nor lets anyone else take it. And no two runs of a job overlap.
 *
 * <p>Lease 8 s and heartbeat 0.4 s put the safe time at (8 + 0.4) / 2 = 4.2 s, 0.525 of the lease,
 * so stalls of 0.55, 0.65 and 0.85 of the lease all fall between the safe time and the lease.
 */
class StalledOwnerClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(8);
    private static final Duration FIXED_DELAY = Duration.ofSeconds(1);
    /**
     * Twelve jobs, so that on waking the heartbeat threads renew the leases (every renewal is
     * overdue) while the claim sweep and the lease watcher judge them: many orders in which those
     * threads can run show up in one stall.
     */
    private static final List<String> JOBS = java.util.stream.IntStream.rangeClosed(1, 12)
            .mapToObj(i -> "stalled-" + i)
            .toList();

    @Test
    void shouldRunEveryJobAgainAfterAStallBetweenTheSafeTimeAndTheLease() throws Exception {
        Cluster cluster = Cluster.create();
        try (ReplicaProcess stalled = ReplicaProcess.start("stalled", cluster, settings());
                Replica peer = Replica.builder("peer", cluster)
                        .tokens(JOBS.size())
                        .properties(catalog())
                        .property("scalepoc.ownership.balance", "fill")
                        .property("scalepoc.ownership.lease-duration", LEASE)
                        .property("scalepoc.ownership.heartbeat-period", "400ms")
                        .start()) {
            assertThat(stalled.ownedJobs()).containsExactlyInAnyOrderElementsOf(JOBS);
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());

            for (double fraction : List.of(0.55, 0.65, 0.85)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> JOBS.stream().allMatch(job -> completedSince(metadata, job, null) > 0));
                Duration stall = Duration.ofMillis(Math.round(LEASE.toMillis() * fraction));

                stalled.pause();
                // The stall itself is the scenario: held for a fixed time, not a wait for an outcome.
                Thread.sleep(stall.toMillis());
                stalled.resume();
                LocalDateTime resumed = LocalDateTime.now();

                await("every job runs again after a stall of " + stall)
                        .atMost(LEASE.multipliedBy(2).plus(FIXED_DELAY))
                        .until(() -> JOBS.stream().allMatch(job -> completedSince(metadata, job, resumed) >= 1));
                await("every job keeps running after a stall of " + stall)
                        .atMost(LEASE)
                        .until(() -> JOBS.stream().allMatch(job -> completedSince(metadata, job, resumed) >= 2));
            }
            assertThat(metadata.overlappingExecutions()).isZero();
            assertThat(stalled.isAlive()).isTrue();
        }
    }

    /** COMPLETED executions of {@code job} that started after {@code since} (any, when null). */
    private static long completedSince(BatchMetadata metadata, String job, LocalDateTime since) {
        return metadata.executions(job).stream()
                .filter(e -> e.status().equals("COMPLETED"))
                .map(Execution::start)
                .filter(start -> since == null || start.isAfter(since))
                .count();
    }

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>(catalog());
        settings.put("scalepoc.tokens", JOBS.size());
        settings.put("scalepoc.ownership.balance", "fill"); // the stalled replica keeps what it took
        settings.put("scalepoc.ownership.lease-duration", LEASE.toMillis() + "ms");
        settings.put("scalepoc.ownership.heartbeat-period", "400ms");
        settings.put("scalepoc.ownership.claim-interval", "1s");
        return settings;
    }

    /** The demo jobs off, the twelve {@code sql} jobs on; six runs at once fit the pool of ten. */
    private static Map<String, Object> catalog() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String demoJob :
                List.of("customers-sync", "products-sync", "orders-sync", "payments-sync", "demo-generator")) {
            settings.put("scalepoc.jobs." + demoJob + ".enabled", false);
        }
        for (String job : JOBS) {
            settings.put("scalepoc.jobs." + job + ".type", "sql");
            settings.put("scalepoc.jobs." + job + ".sql.statements[0]", "SELECT 1");
            settings.put("scalepoc.jobs." + job + ".fixed-delay", FIXED_DELAY.toMillis() + "ms");
            settings.put("scalepoc.jobs." + job + ".initial-delay", "0s");
        }
        settings.put("scalepoc.max-concurrent-runs", 6);
        return settings;
    }
}
