package io.scalepoc.ownership.dynamodb;

import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.LockItem;
import com.amazonaws.services.dynamodbv2.util.LockClientUtils;
import io.scalepoc.ownership.Lease;
import io.scalepoc.ownership.LeaseKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * A lease backed by a {@link LockItem}, renewed by {@link LeaseHeartbeats}. Held while the lock
 * client still has it (a heartbeat refused by a conditional check, or one attempted after a whole
 * lease without renewal, drops it) and its last successful renewal is recent enough that it is not
 * yet in danger: less than the safe time ago, on this replica's monotonic clock.
 */
final class DynamoDbLease implements Lease {

    private final LeaseKey key;
    private final LockItem item;
    private final AmazonDynamoDBLockClient client;
    private final long safeTimeMillis;
    private final Runnable onDanger;
    private final AtomicBoolean endangered = new AtomicBoolean();

    DynamoDbLease(
            LeaseKey key, LockItem item, AmazonDynamoDBLockClient client, long safeTimeMillis, Runnable onDanger) {
        this.key = key;
        this.item = item;
        this.client = client;
        this.safeTimeMillis = safeTimeMillis;
        this.onDanger = onDanger;
    }

    @Override
    public LeaseKey key() {
        return key;
    }

    @Override
    public boolean isHeld() {
        return !item.isExpired() && client.hasLock(key.value(), Optional.empty()) && !inDanger();
    }

    /**
     * Released, dropped by the lock client (a heartbeat was refused) or not renewed for a whole
     * lease: {@link LockItem#isExpired()} and {@code hasLock} both judge on this replica's monotonic clock.
     */
    @Override
    public boolean isLost() {
        return item.isExpired() || !client.hasLock(key.value(), Optional.empty());
    }

    /** Whether the last successful renewal (or the acquisition) is the safe time ago or longer. */
    boolean inDanger() {
        return LockClientUtils.INSTANCE.millisecondTime() - item.getLookupTime() >= safeTimeMillis;
    }

    /** True the first time only: the danger callback runs once per lease. */
    boolean markEndangered() {
        return endangered.compareAndSet(false, true);
    }

    /** Runs the owner's danger callback, which must not let an exception escape to the pool. */
    void runDangerCallback() {
        try {
            onDanger.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(DynamoDbLease.class).error("Handling the danger of lease '{}' failed", key, e);
        }
    }

    LockItem item() {
        return item;
    }

    @Override
    public String toString() {
        return key.value();
    }
}
