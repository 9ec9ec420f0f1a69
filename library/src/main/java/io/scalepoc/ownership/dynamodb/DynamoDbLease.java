package io.scalepoc.ownership.dynamodb;

import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.LockItem;
import io.scalepoc.ownership.Lease;
import io.scalepoc.ownership.LeaseKey;
import java.util.Optional;

/**
 * A lease backed by a {@link LockItem}. Held while the lock client still heartbeats it (a
 * conditional-check failure on heartbeat removes it from the client) and the last successful
 * heartbeat is recent enough that the lease is not yet in its danger zone (the session monitor's
 * safe time, on the monotonic clock).
 */
final class DynamoDbLease implements Lease {

    private final LeaseKey key;
    private final LockItem item;
    private final AmazonDynamoDBLockClient client;

    DynamoDbLease(LeaseKey key, LockItem item, AmazonDynamoDBLockClient client) {
        this.key = key;
        this.item = item;
        this.client = client;
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

    private boolean inDanger() {
        try {
            return item.amIAboutToExpire();
        } catch (IllegalStateException e) {
            return true; // released
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
