package io.scalepoc.ownership.dynamodb;

import io.scalepoc.ownership.LeaseProbe;
import io.scalepoc.ownership.LeaseRecord;
import io.scalepoc.support.DependencyUnavailableException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;

/**
 * {@link LeaseProbe} over the DynamoDB client: paginated, strongly consistent scans of the lock
 * table, and the reclaim of an idle lease as one conditional {@code DeleteItem} on the record
 * version seen ({@link LockTable#deleteIfVersion}).
 */
public class DynamoDbLeaseProbe implements LeaseProbe {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbLeaseProbe.class);

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbLeaseProbe(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public List<LeaseRecord> list() {
        try {
            return LockTable.scan(dynamo, tableName);
        } catch (SdkException e) {
            throw new DependencyUnavailableException(
                    "Cannot read lock table '" + tableName + "': " + e.getMessage(),
                    "Check that DynamoDB is reachable and that the table exists.",
                    e);
        }
    }

    @Override
    public Result reclaim(LeaseRecord idle) {
        try {
            return LockTable.deleteIfVersion(dynamo, tableName, idle.key(), String.valueOf(idle.version()))
                    ? Result.FREE
                    : Result.HELD;
        } catch (SdkException e) {
            log.debug("Reclaiming lease '{}' failed: {}", idle.key(), e.toString());
            return Result.UNKNOWN;
        }
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

    @Override
    public void close() {
        // the DynamoDB client is the application's, closed with it
    }
}
