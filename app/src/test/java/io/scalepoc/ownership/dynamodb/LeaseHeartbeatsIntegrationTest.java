package io.scalepoc.ownership.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.config.DynamoDbProperties;
import io.scalepoc.ownership.Lease;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.testsupport.TestDynamoDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Heartbeats on DynamoDB Local with a fixed number of threads: 200 leases of one store, 5 of whose
 * renewals each stall for the API call timeout every time (an interceptor in the store's SDK client
 * holds those {@code UpdateItem} calls, then fails them). With the lock client's own heartbeat
 * thread, which renews in turn, one round would then outlast the safe time of every lease; here
 * the 5 go into danger and no other lease does, over two whole leases, while the store's threads
 * stay as many as configured, not one per lease.
 */
class LeaseHeartbeatsIntegrationTest {

    // safe time (4 s + 1 s) / 2 = 2.5 s; renewing in turn, one round would take 5 stalls × 1 s = 5 s
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(1);
    private static final int LEASES = 200;
    private static final int THREADS = 16;

    @Test
    void shouldKeepEveryOtherLeaseOutOfDangerWhileFiveRenewalsStallForTheApiTimeout() {
        String table = TestDynamoDb.newTableName();
        DynamoDbProperties properties =
                new DynamoDbProperties(TestDynamoDb.endpoint(), "us-east-1", table, true, API_CALL_TIMEOUT);
        Set<String> stalled =
                Set.of("job#lease-007", "job#lease-050", "job#lease-101", "job#lease-150", "job#lease-199");
        DynamoDbClient dynamo = DynamoDbClients.create(properties, Map.of(), List.of(stalling(stalled)));
        LockTable.ensure(dynamo, properties);
        Set<String> endangered = ConcurrentHashMap.newKeySet();
        int threadsBefore = Thread.activeCount();

        try (DynamoDbLeaseStore store =
                new DynamoDbLeaseStore(dynamo, table, "heartbeats-test", LEASE, HEARTBEAT, THREADS, true)) {
            List<Lease> leases = new ArrayList<>();
            IntStream.range(0, LEASES).forEach(i -> {
                LeaseKey key = LeaseKey.job(String.format("lease-%03d", i));
                leases.add(store.tryAcquire(key, Map.of(), () -> endangered.add(key.value()))
                        .orElseThrow());
            });
            List<Lease> healthy = leases.stream()
                    .filter(lease -> !stalled.contains(lease.key().value()))
                    .toList();

            await("the five stalled leases go into danger")
                    .atMost(LEASE.multipliedBy(3))
                    .until(() -> endangered.containsAll(stalled));
            await("no other lease goes into danger or stops being held, for two whole leases")
                    .during(LEASE.multipliedBy(2))
                    .atMost(LEASE.multipliedBy(3))
                    .until(() -> endangered.equals(stalled) && healthy.stream().allMatch(Lease::isHeld));

            assertThat(liveThreadsNamed("scalepoc-heartbeat-")).isBetween(1L, (long) THREADS);
            // every thread of the JVM, whoever started it (the SDK's timeout scheduler and connection
            // reaper, other tests' pools winding down): not a tight count, but far below one per lease
            assertThat(Thread.activeCount() - threadsBefore)
                    .as("threads added while the store held %d leases", LEASES)
                    .isLessThan(LEASES / 4);
        }
    }

    /** Holds every {@code UpdateItem} (a heartbeat) of the {@code stalled} keys for the API call timeout, then fails it. */
    private static ExecutionInterceptor stalling(Set<String> stalled) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateItemRequest update
                        && stalled.contains(
                                update.key().get(LockTable.PARTITION_KEY).s())) {
                    try {
                        Thread.sleep(API_CALL_TIMEOUT.toMillis()); // the stall itself, not a wait for an outcome
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the SDK's own API call timeout
                    }
                    throw SdkClientException.create("renewal stalled for the API call timeout");
                }
            }
        };
    }

    private static long liveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix))
                .count();
    }
}
