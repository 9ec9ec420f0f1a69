package io.scalepoc.ownership.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.testsupport.TestDynamoDb;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The lease contract against the DynamoDB Lock Client on a real DynamoDB Local. */
class DynamoDbLeaseStoreIntegrationTest extends DynamoDbContract {

    private String tableName;
    private DynamoDbClient dynamo;

    @Override
    protected String tableName() {
        return tableName;
    }

    @BeforeEach
    void createTable() {
        tableName = TestDynamoDb.newTableName();
        dynamo = TestDynamoDb.client();
        LockTable.ensure(dynamo, TestDynamoDb.properties(tableName));
    }

    @Test
    void shouldStoreTheLeaseAttributesAndOwnerInTheItem() {
        LeaseKey key = LeaseKey.member("replica-a");

        store("replica-a")
                .tryAcquire(key, Map.of("tokens", "2", "address", "10.0.0.7:8080"))
                .orElseThrow();

        Map<String, AttributeValue> item = dynamo.getItem(request ->
                        request.tableName(tableName).key(Map.of("key", AttributeValue.fromS("member#replica-a"))))
                .item();
        assertThat(item.get("tokens").s()).isEqualTo("2");
        assertThat(item.get("address").s()).isEqualTo("10.0.0.7:8080");
        assertThat(item.get("ownerName").s()).isEqualTo("replica-a");
    }

    @Test
    void shouldSkipUnreadableItemsWithoutThrowingAndStillAcquireOthers() {
        // Missing attributes, and attributes of the wrong type.
        dynamo.putItem(request -> request.tableName(tableName)
                .item(Map.of(
                        "key", AttributeValue.fromS("job#missing"),
                        "leaseDuration", AttributeValue.fromN("12"))));
        dynamo.putItem(request -> request.tableName(tableName)
                .item(Map.of(
                        "key", AttributeValue.fromS("job#wrong-types"),
                        "ownerName", AttributeValue.fromN("7"),
                        "leaseDuration", AttributeValue.fromS("soon"),
                        "recordVersionNumber", AttributeValue.fromBool(true))));
        LeaseStore store = store("replica-a");
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(DynamoDbLeaseStore.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            for (int sweep = 0; sweep < 3; sweep++) {
                assertThat(store.tryAcquire(LeaseKey.job("missing"), Map.of())).isEmpty();
                assertThat(store.tryAcquire(LeaseKey.job("wrong-types"), Map.of()))
                        .isEmpty();
            }
            assertThat(store.tryAcquire(LeaseKey.job("healthy"), Map.of())).isPresent();
        } finally {
            logger.detachAppender(logged);
        }

        // Reported once per key, not once per sweep.
        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .anySatisfy(message -> assertThat(message).startsWith("Cannot acquire lease 'job#missing'"))
                .anySatisfy(message -> assertThat(message).startsWith("Cannot acquire lease 'job#wrong-types'"));
    }

    @Test
    void shouldTreatAForeignLeaseWithUnknownAttributesAsHeldAndLeaveItAlone() {
        LeaseStore foreign = store("other-app");
        foreign.tryAcquire(LeaseKey.job("shared"), Map.of("team", "payments", "ticket", "OPS-7"))
                .orElseThrow();

        assertThat(store("replica-a").tryAcquire(LeaseKey.job("shared"), Map.of()))
                .isEmpty();
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(tableName).key(Map.of("key", AttributeValue.fromS("job#shared"))))
                .item();
        assertThat(item.get("team").s()).isEqualTo("payments");
        assertThat(item.get("ownerName").s()).isEqualTo("other-app");
    }

    @Test
    void shouldCreateTheLockTableOnlyOnceWhenSeveralReplicasStartTogether() {
        String shared = TestDynamoDb.newTableName();

        LockTable.ensure(dynamo, TestDynamoDb.properties(shared));
        LockTable.ensure(dynamo, TestDynamoDb.properties(shared));

        assertThat(dynamo.describeTable(request -> request.tableName(shared))
                        .table()
                        .keySchema())
                .singleElement()
                .satisfies(key -> assertThat(key.attributeName()).isEqualTo(LockTable.PARTITION_KEY));
    }
}
