package io.scalepoc.ownership.dynamodb;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import com.amazonaws.services.dynamodbv2.ReleaseLockOptions;
import com.amazonaws.services.dynamodbv2.model.LockCurrentlyUnavailableException;
import com.amazonaws.services.dynamodbv2.model.LockNotGrantedException;
import io.scalepoc.ownership.Lease;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link LeaseStore} over the AWS DynamoDB Lock Client, whose leases {@link LeaseHeartbeats} renews
 * and watches (the lock client's own heartbeat thread and session monitors are off: they need a
 * thread per lease and renew in turn).
 *
 * <p>Acquisition uses {@code shouldSkipBlockingWait}: a lease held by someone else answers at once
 * ({@link LockCurrentlyUnavailableException}, mapped to empty) instead of the default blocking
 * acquire that waits a whole lease per held lock. Expiry stays the lock client's rule: this client
 * instance remembers the record version it saw for a foreign lease, and only when a later sweep
 * sees the same version after a full lease (on its monotonic clock) does it take the lease over.
 * That is why one instance of this class must serve all sweeps of a replica.
 *
 * <p>When a lease's renewals have failed for {@link #safeTimeWithoutHeartbeat} the caller's danger
 * callback runs, once, and the lease counts as no longer held.
 *
 * <p>The additional wait and refresh period are zero, so a call never sleeps: an unreachable
 * DynamoDB yields "not acquired" after the SDK's own timeouts. Anything else the lock client
 * throws (an unreadable foreign item, a throttled table) is logged once per key and mapped to
 * "not acquired", so one bad item cannot stall a sweep.
 */
public class DynamoDbLeaseStore implements LeaseStore {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbLeaseStore.class);
    /** Renewals in flight at most, by default ({@code scalepoc.ownership.heartbeat-threads}). */
    public static final int DEFAULT_HEARTBEAT_THREADS = 8;

    private final AmazonDynamoDBLockClient client;
    private final long safeTimeMillis;
    private final Duration timeLeftInDanger;
    private final Set<String> reportedKeys = ConcurrentHashMap.newKeySet();
    private final Set<DynamoDbLease> held = ConcurrentHashMap.newKeySet();
    private final LeaseHeartbeats heartbeats;
    private final DynamoDbClient ownClient;
    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbLeaseStore(
            DynamoDbClient dynamo,
            String tableName,
            String ownerName,
            Duration leaseDuration,
            Duration heartbeatPeriod) {
        this(dynamo, tableName, ownerName, leaseDuration, heartbeatPeriod, DEFAULT_HEARTBEAT_THREADS, false);
    }

    /**
     * As above, with {@code heartbeatThreads} renewals in flight at most; with {@code ownsClient},
     * {@code dynamo} is this store's own and is closed with it.
     */
    public DynamoDbLeaseStore(
            DynamoDbClient dynamo,
            String tableName,
            String ownerName,
            Duration leaseDuration,
            Duration heartbeatPeriod,
            int heartbeatThreads,
            boolean ownsClient) {
        this.ownClient = ownsClient ? dynamo : null;
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.client = new AmazonDynamoDBLockClient(AmazonDynamoDBLockClientOptions.builder(dynamo, tableName)
                .withPartitionKeyName(LockTable.PARTITION_KEY)
                .withOwnerName(ownerName)
                .withLeaseDuration(leaseDuration.toMillis())
                .withHeartbeatPeriod(heartbeatPeriod.toMillis())
                .withTimeUnit(TimeUnit.MILLISECONDS)
                .withCreateHeartbeatBackgroundThread(false)
                .build());
        Duration safeTime = safeTimeWithoutHeartbeat(leaseDuration, heartbeatPeriod);
        this.safeTimeMillis = safeTime.toMillis();
        this.timeLeftInDanger = leaseDuration.minus(safeTime);
        this.heartbeats = new LeaseHeartbeats(client, heartbeatPeriod, safeTime, heartbeatThreads);
    }

    /**
     * The other half of the lease: a peer takes the lease over only after it has seen the record
     * unchanged for a whole lease, which began no later than our last successful heartbeat.
     */
    @Override
    public Duration timeLeftInDanger() {
        return timeLeftInDanger;
    }

    /**
     * How long a lease may go without a successful heartbeat before it counts as in danger: half-way
     * between the heartbeat period and the lease duration. That tolerates a missed heartbeat or so
     * and leaves the other half of the lease to stop work before anyone else may take it.
     */
    static Duration safeTimeWithoutHeartbeat(Duration leaseDuration, Duration heartbeatPeriod) {
        return leaseDuration.plus(heartbeatPeriod).dividedBy(2);
    }

    @Override
    public Optional<Lease> tryAcquire(LeaseKey key, Map<String, String> attributes, Runnable onDanger) {
        Map<String, AttributeValue> extra = new LinkedHashMap<>();
        attributes.forEach((name, value) -> extra.put(name, AttributeValue.fromS(value)));
        AcquireLockOptions options =
                nonBlocking(key).withAdditionalAttributes(extra).build();
        try {
            Optional<DynamoDbLease> lease = client.tryAcquireLock(options)
                    .map(item -> new DynamoDbLease(key, item, client, safeTimeMillis, onDanger));
            lease.ifPresent(acquired -> {
                reportedKeys.remove(key.value());
                held.add(acquired);
                heartbeats.start(acquired);
            });
            return lease.map(Lease.class::cast);
        } catch (LockCurrentlyUnavailableException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException e) {
            if (reportedKeys.add(key.value())) {
                log.warn("Cannot acquire lease '{}', skipping it until it becomes readable: {}", key, e.toString());
            } else {
                log.debug("Still cannot acquire lease '{}': {}", key, e.toString());
            }
            return Optional.empty();
        }
    }

    @Override
    public Optional<Lease> takeOver(LeaseKey key, String version, Map<String, String> attributes, Runnable onDanger) {
        try {
            if (!LockTable.deleteIfVersion(dynamo, tableName, key.value(), version)) {
                log.debug("Lease '{}' was renewed or taken since it was seen idle; not taking it over", key);
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            log.debug("Could not take over idle lease '{}': {}", key, e.toString());
            return Optional.empty();
        }
        log.info("Lease '{}' stood still for a whole lease (version {}); deleted it to take it over", key, version);
        return tryAcquire(key, attributes, onDanger);
    }

    /**
     * One non-blocking attempt per key that only reads an existing lease: the lock client then
     * remembers the record version it saw, with the time on its monotonic clock, exactly as a failed
     * {@link #tryAcquire} does. A missing key is left missing. An attempt can only succeed on an
     * item marked released (never written by this project, which deletes on release); such a lease
     * is deleted again at once, so observing never takes anything.
     */
    @Override
    public void observe(Collection<LeaseKey> keys) {
        observeAll(keys);
    }

    /** As {@link #observe}; whether every key could be read (held, free or missing alike). */
    boolean observeAll(Collection<LeaseKey> keys) {
        boolean all = true;
        for (LeaseKey key : keys) {
            try {
                client.tryAcquireLock(nonBlocking(key)
                                .withAcquireOnlyIfLockAlreadyExists(true)
                                .build())
                        .ifPresent(free -> client.releaseLock(ReleaseLockOptions.builder(free)
                                .withDeleteLock(true)
                                .withBestEffort(true)
                                .build()));
            } catch (LockCurrentlyUnavailableException | LockNotGrantedException e) {
                // held by someone (now observed), or no such lease: both are what observing expects
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException e) {
                all = false;
                log.debug("Could not observe lease '{}': {}", key, e.toString());
            }
        }
        return all;
    }

    /**
     * Options of a single, non-blocking attempt on {@code key}: a lease held by someone else answers
     * at once, and the lease is deleted when released. Shared with {@link DynamoDbLeaseProbe}.
     */
    static AcquireLockOptions.AcquireLockOptionsBuilder nonBlocking(LeaseKey key) {
        return AcquireLockOptions.builder(key.value())
                .withShouldSkipBlockingWait(true)
                .withDeleteLockOnRelease(true)
                .withAdditionalTimeToWaitForLock(0L)
                .withRefreshPeriod(0L)
                .withTimeUnit(TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean release(Lease lease) {
        DynamoDbLease dynamoLease = (DynamoDbLease) lease;
        held.remove(dynamoLease);
        heartbeats.stop(dynamoLease);
        return client.releaseLock(ReleaseLockOptions.builder(dynamoLease.item())
                .withDeleteLock(true)
                .withBestEffort(true)
                .build());
    }

    /**
     * Releases every lease best-effort, one by one, then stops renewing. (The lock client's own
     * close stops at the first release that fails.)
     */
    @Override
    public void close() {
        for (DynamoDbLease lease : Set.copyOf(held)) {
            try {
                release(lease);
            } catch (RuntimeException e) {
                log.warn(
                        "Could not release lease '{}' at close, it will expire by itself: {}",
                        lease.key(),
                        e.toString());
            }
        }
        heartbeats.close();
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Closing the lock client failed: {}", e.toString());
        }
        if (ownClient != null) {
            ownClient.close();
        }
    }
}
