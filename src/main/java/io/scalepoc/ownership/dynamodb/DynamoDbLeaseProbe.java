package io.scalepoc.ownership.dynamodb;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import com.amazonaws.services.dynamodbv2.ReleaseLockOptions;
import com.amazonaws.services.dynamodbv2.model.LockCurrentlyUnavailableException;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseProbe;
import io.scalepoc.ownership.LeaseRecord;
import io.scalepoc.support.DependencyUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@link LeaseProbe} over a second AWS DynamoDB Lock Client: lease {@code probeLease}, no heartbeat
 * thread, {@code shouldSkipBlockingWait}. A probe that takes a lease releases (deletes) it at once;
 * if that delete fails, the probe's own short lease expires by itself, so a probe can never keep a
 * job from its owners for longer than that.
 */
public class DynamoDbLeaseProbe implements LeaseProbe {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbLeaseProbe.class);

    private final AmazonDynamoDBLockClient client;
    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbLeaseProbe(DynamoDbClient dynamo, String tableName, String ownerName, Duration probeLease) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.client = new AmazonDynamoDBLockClient(AmazonDynamoDBLockClientOptions.builder(dynamo, tableName)
                .withPartitionKeyName(LockTable.PARTITION_KEY)
                .withOwnerName(ownerName)
                .withLeaseDuration(probeLease.toMillis())
                .withHeartbeatPeriod(probeLease.toMillis())
                .withTimeUnit(TimeUnit.MILLISECONDS)
                .withCreateHeartbeatBackgroundThread(false)
                .build());
    }

    @Override
    public Result probe(LeaseKey key) {
        AcquireLockOptions options = DynamoDbLeaseStore.nonBlocking(key).build();
        Optional<LockItem> taken;
        try {
            taken = client.tryAcquireLock(options);
        } catch (LockCurrentlyUnavailableException e) {
            return Result.HELD;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.UNKNOWN;
        } catch (RuntimeException e) {
            log.debug("Probe of lease '{}' failed: {}", key, e.toString());
            return Result.UNKNOWN;
        }
        if (taken.isEmpty()) {
            return Result.HELD;
        }
        try {
            client.releaseLock(ReleaseLockOptions.builder(taken.get())
                    .withDeleteLock(true)
                    .withBestEffort(true)
                    .build());
        } catch (RuntimeException e) {
            log.warn("Probe took lease '{}' but could not delete it; it expires by itself: {}", key, e.toString());
        }
        return Result.FREE;
    }

    @Override
    public List<LeaseRecord> list() {
        List<LeaseRecord> records = new ArrayList<>();
        try {
            dynamo.scanPaginator(ScanRequest.builder()
                            .tableName(tableName)
                            .consistentRead(true)
                            .build())
                    .items()
                    .forEach(item -> records.add(record(item)));
        } catch (SdkException e) {
            throw new DependencyUnavailableException(
                    "Cannot read lock table '" + tableName + "': " + e.getMessage(),
                    "Check that DynamoDB is reachable and that the table exists.",
                    e);
        }
        return records;
    }

    @Override
    public void ping() {
        try {
            dynamo.describeTable(
                    DescribeTableRequest.builder().tableName(tableName).build());
        } catch (SdkException e) {
            throw new DependencyUnavailableException(
                    "Lock table '" + tableName + "' does not answer: " + e.getMessage(),
                    "Check that DynamoDB is reachable and that the table exists.",
                    e);
        }
    }

    private static LeaseRecord record(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (value.s() != null) {
                attributes.put(name, value.s());
            }
        });
        return new LeaseRecord(
                attributes.getOrDefault(LockTable.PARTITION_KEY, ""), attributes.get("ownerName"), attributes);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the probe lock client failed: {}", e.toString());
        }
    }
}
