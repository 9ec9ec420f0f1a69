package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import io.scalepoc.ownership.dynamodb.LockTable;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestDynamoDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Start-up claim (docs/benchmarks.md): three replicas with X = 25 tokens launched at once over a
 * catalog of 60 jobs — time from the last replica ready to every job owned, and from launch to
 * every job owned — against the original POC's approach on the same DynamoDB Local and catalog:
 * each replica walks the catalog in the same order with the lock client's blocking {@code
 * tryAcquireLock} and default options until it holds X locks. Both with lease {@code
 * bench.lease-ms} (default 2 s, heartbeat a quarter of it), so that the POC's waits (about a lease
 * and more per lock held by someone else) finish in minutes; figures are also given as a ratio to
 * the lease. A benchmark: prints figures, asserts nothing.
 */
class StartupClaimBenchmark {

    private static final int REPLICAS = 3;
    private static final int TOKENS = 25;
    private static final int REPEAT = Integer.getInteger("bench.repeat", 3);
    private static final Duration LEASE = Duration.ofMillis(Integer.getInteger("bench.lease-ms", 2000));

    @Test
    void measureStartupClaimAgainstThePocsBlockingAcquire() throws Exception {
        List<Double> lastReadyToOwned = new ArrayList<>();
        List<Double> launchToOwned = new ArrayList<>();
        List<Double> poc = new ArrayList<>();
        for (int run = 0; run < REPEAT; run++) {
            double[] scalePoc = scalePoc();
            lastReadyToOwned.add(scalePoc[0]);
            launchToOwned.add(scalePoc[1]);
            poc.add(poc());
            System.out.printf(
                    "  run %d: scale-poc last ready -> all owned %.0f ms, launch -> all owned %.0f ms; POC launch -> all owned %.0f ms%n",
                    run + 1, scalePoc[0], scalePoc[1], poc.get(run));
        }
        System.out.printf(
                "RESULT startup jobs=%d replicas=%d tokens=%d lease_ms=%d scale_poc_last_ready_to_all_owned_ms=%s scale_poc_launch_to_all_owned_ms=%s%n",
                EmptyJobs.COUNT,
                REPLICAS,
                TOKENS,
                LEASE.toMillis(),
                Stats.of(lastReadyToOwned).format("%.0f"),
                Stats.of(launchToOwned).format("%.0f"));
        List<Double> pocLeases = poc.stream().map(ms -> ms / LEASE.toMillis()).toList();
        System.out.printf(
                "RESULT startup poc_blocking_acquire_launch_to_all_owned_ms=%s (= %s leases)%n",
                Stats.of(poc).format("%.0f"), Stats.of(pocLeases).format("%.1f"));
    }

    /** @return {last replica ready → all owned, launch → all owned}, in ms */
    private static double[] scalePoc() throws Exception {
        Cluster cluster = Cluster.create();
        ExecutorService starters = Executors.newFixedThreadPool(REPLICAS);
        List<Replica> replicas = new ArrayList<>();
        try {
            long launched = System.nanoTime();
            List<Future<Replica>> starting = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                String id = "claim-" + i;
                starting.add(starters.submit(() -> EmptyJobs.catalog(
                                Replica.builder(id, cluster).tokens(TOKENS).withConfiguration(EmptyJobs.class), "1h")
                        .property("scalepoc.ownership.lease-duration", LEASE.toMillis() + "ms")
                        .property("scalepoc.ownership.heartbeat-period", LEASE.toMillis() / 4 + "ms")
                        .start()));
            }
            for (Future<Replica> replica : starting) {
                replicas.add(replica.get(5, TimeUnit.MINUTES));
            }
            long lastReady = System.nanoTime();
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> replicas.stream()
                                    .mapToInt(r -> r.ownedJobs().size())
                                    .sum()
                            == EmptyJobs.COUNT);
            long allOwned = System.nanoTime();
            return new double[] {(allOwned - lastReady) / 1e6, (allOwned - launched) / 1e6};
        } finally {
            replicas.forEach(Replica::close);
            starters.shutdownNow();
        }
    }

    /** The POC: blocking {@code tryAcquireLock} with default options, job by job, until X are held. */
    private static double poc() throws Exception {
        String table = TestDynamoDb.newTableName();
        LockTable.ensure(TestDynamoDb.client(), TestDynamoDb.properties(table));
        Set<String> owned = ConcurrentHashMap.newKeySet();
        List<AmazonDynamoDBLockClient> clients = new ArrayList<>();
        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        try {
            long launched = System.nanoTime();
            for (int i = 0; i < REPLICAS; i++) {
                AmazonDynamoDBLockClient client = new AmazonDynamoDBLockClient(
                        AmazonDynamoDBLockClientOptions.builder(TestDynamoDb.client(), table)
                                .withOwnerName("poc-" + i)
                                .withLeaseDuration(LEASE.toMillis())
                                .withHeartbeatPeriod(LEASE.toMillis() / 4)
                                .withTimeUnit(TimeUnit.MILLISECONDS)
                                .withCreateHeartbeatBackgroundThread(true)
                                .build());
                clients.add(client);
                replicas.submit(() -> {
                    int held = 0;
                    for (int job = 1; job <= EmptyJobs.COUNT && held < TOKENS; job++) {
                        try {
                            if (client.tryAcquireLock(AcquireLockOptions.builder("job#" + EmptyJobs.name(job))
                                            .build())
                                    .isPresent()) {
                                owned.add(EmptyJobs.name(job));
                                held++;
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
            await().atMost(Duration.ofMinutes(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> owned.size() == EmptyJobs.COUNT);
            return (System.nanoTime() - launched) / 1e6;
        } finally {
            replicas.shutdownNow();
            for (AmazonDynamoDBLockClient client : clients) {
                try {
                    client.close();
                } catch (Exception e) {
                    // best effort: the table is thrown away
                }
            }
        }
    }
}
