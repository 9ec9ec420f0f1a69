package io.scalepoc.ownership.dynamodb;

import io.scalepoc.config.DynamoDbProperties;
import io.scalepoc.ownership.LeaseRecord;
import io.scalepoc.support.DependencyUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The lock table: the one definition of it (partition key {@code key}, a string; on-demand
 * billing), and the start-up check that it exists, creating it when {@code create-table} is on.
 * Every failure becomes one {@link DependencyUnavailableException} naming the table and endpoint.
 */
public final class LockTable {

    private static final Logger log = LoggerFactory.getLogger(LockTable.class);

    /** Partition key attribute, the lock client's default. */
    public static final String PARTITION_KEY = "key";

    private LockTable() {}

    /**
     * Every item of the table, read by a paginated, strongly consistent scan, as lease records.
     *
     * @throws SdkException when the table cannot be read
     */
    public static List<LeaseRecord> scan(DynamoDbClient dynamo, String tableName) {
        List<LeaseRecord> records = new ArrayList<>();
        dynamo.scanPaginator(ScanRequest.builder()
                        .tableName(tableName)
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(item -> records.add(record(item)));
        return records;
    }

    private static LeaseRecord record(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (value.s() != null) {
                attributes.put(name, value.s());
            }
        });
        return new LeaseRecord(attributes.getOrDefault(PARTITION_KEY, ""), attributes.get("ownerName"), attributes);
    }

    /**
     * Deletes the lease item {@code key} only if its record version is still {@code version}: the
     * take-over of a lease seen idle, which fails harmlessly if its holder renewed it meanwhile.
     *
     * @return true if deleted; false if the item is gone or has another version now
     * @throws SdkException when DynamoDB does not answer
     */
    public static boolean deleteIfVersion(DynamoDbClient dynamo, String tableName, String key, String version) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(PARTITION_KEY, AttributeValue.fromS(key)))
                    .conditionExpression("recordVersionNumber = :version")
                    .expressionAttributeValues(Map.of(":version", AttributeValue.fromS(version)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(PARTITION_KEY)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName(PARTITION_KEY)
                        .keyType(KeyType.HASH)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
    }

    /** Makes sure the table exists and has the expected key, or fails with a clear message. */
    public static void ensure(DynamoDbClient dynamo, DynamoDbProperties properties) {
        String where = "table '" + properties.tableName() + "' at "
                + (properties.hasEndpoint() ? properties.endpoint() : "AWS DynamoDB") + " (region "
                + properties.region() + ")";
        try {
            TableDescription table = describe(dynamo, properties.tableName());
            if (table == null && properties.createTable()) {
                create(dynamo, properties.tableName());
                table = describe(dynamo, properties.tableName());
            }
            if (table == null) {
                throw new DependencyUnavailableException(
                        "The DynamoDB lock " + where + " does not exist",
                        "Create it (partition key 'key' of type String; see docs/operations.md), "
                                + "point scalepoc.dynamodb.table-name/region/endpoint at the right one, "
                                + "or set scalepoc.dynamodb.create-table=true to let the application create it.",
                        null);
            }
            boolean keyIsRight = table.keySchema().size() == 1
                    && table.keySchema().get(0).attributeName().equals(PARTITION_KEY)
                    && table.keySchema().get(0).keyType() == KeyType.HASH
                    && keyType(table) == ScalarAttributeType.S;
            if (!keyIsRight) {
                throw new DependencyUnavailableException(
                        "The DynamoDB lock " + where + " has key schema " + table.keySchema() + " with attribute types "
                                + table.attributeDefinitions() + ", expected a single partition key 'key' of type S "
                                + "(String)",
                        "Use a table with partition key 'key' (String) and no sort key.",
                        null);
            }
        } catch (SdkClientException e) {
            throw new DependencyUnavailableException(
                    "DynamoDB is unreachable while looking for the lock " + where + ": " + e.getMessage(),
                    "Start DynamoDB Local (locally: scripts/dynamodb-local.sh) or point scalepoc.dynamodb.endpoint "
                            + "(SCALEPOC_DYNAMODB_ENDPOINT) at a reachable DynamoDB; leave it empty for AWS.",
                    e);
        } catch (DynamoDbException e) {
            throw new DependencyUnavailableException(
                    "DynamoDB refused to describe the lock " + where + ": "
                            + e.awsErrorDetails().errorMessage(),
                    "Check the credentials and their IAM policy (dynamodb:DescribeTable, GetItem, PutItem, UpdateItem, "
                            + "DeleteItem, Scan on the table; docs/operations.md).",
                    e);
        }
    }

    /** The declared type of the partition key attribute, or null if the table does not declare it. */
    private static ScalarAttributeType keyType(TableDescription table) {
        return table.attributeDefinitions().stream()
                .filter(definition -> definition.attributeName().equals(PARTITION_KEY))
                .map(AttributeDefinition::attributeType)
                .findFirst()
                .orElse(null);
    }

    private static TableDescription describe(DynamoDbClient dynamo, String tableName) {
        try {
            return dynamo.describeTable(request -> request.tableName(tableName)).table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static void create(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(createTableRequest(tableName));
            log.info("Created DynamoDB lock table '{}'", tableName);
        } catch (ResourceInUseException e) {
            log.debug("Lock table '{}' was created concurrently by another replica", tableName);
        }
        dynamo.waiter().waitUntilTableExists(request -> request.tableName(tableName));
    }
}
