package io.scalepoc.ownership.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.ownership.Lease;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.LeaseStoreContract;
import io.scalepoc.testsupport.TestDynamoDb;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The lease contract against the DynamoDB Lock Client on a real DynamoDB Local. */
class DynamoDbLeaseStoreIntegrationTest extends LeaseStoreContract {

    private final Map<LeaseStore, AtomicBoolean> connections = new IdentityHashMap<>();
    private String tableName;
    private DynamoDbClient dynamo;

    @BeforeEach
    void createTable() {
        tableName = TestDynamoDb.newTableName();
        dynamo = TestDynamoDb.client();
        LockTable.ensure(dynamo, TestDynamoDb.properties(tableName));
    }

    @Override
    protected LeaseStore newStore(String owner) {
        AtomicBoolean cut = new AtomicBoolean();
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create(TestDynamoDb.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        if (cut.get()) {
                            throw SdkClientException.create("simulated network cut to DynamoDB");
                        }
                    }
                }))
                .build();
        LeaseStore store = new DynamoDbLeaseStore(client, tableName, owner, LEASE, HEARTBEAT);
        connections.put(store, cut);
        return store;
    }

    @Override
    protected void cutOff(LeaseStore store) {
        connections.get(store).set(true);
    }

    @Test
    void shouldStoreTheLeaseAttributesAndOwnerInTheItem() {
        LeaseKey key = LeaseKey.member("replica-a");

        store("replica-a").tryAcquire(key, Map.of("tokens", "2", "address", "10.0.0.7:8080")).orElseThrow();

        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(tableName)
                .key(Map.of("key", AttributeValue.fromS("member#replica-a")))).item();
        assertThat(item.get("tokens").s()).isEqualTo("2");
        assertThat(item.get("address").s()).isEqualTo("10.0.0.7:8080");
        assertThat(item.get("ownerName").s()).isEqualTo("replica-a");
    }

    @Test
    void shouldSkipAnUnreadableItemWithoutThrowingAndStillAcquireOthers() {
        dynamo.putItem(request -> request.tableName(tableName).item(Map.of(
                "key", AttributeValue.fromS("job#corrupt"),
                "leaseDuration", AttributeValue.fromN("12"))));
        LeaseStore store = store("replica-a");

        Optional<Lease> corrupt = store.tryAcquire(LeaseKey.job("corrupt"), Map.of());
        Optional<Lease> healthy = store.tryAcquire(LeaseKey.job("healthy"), Map.of());

        assertThat(corrupt).isEmpty();
        assertThat(healthy).isPresent();
    }

    @Test
    void shouldCreateTheLockTableOnlyOnceWhenSeveralReplicasStartTogether() {
        String shared = TestDynamoDb.newTableName();

        LockTable.ensure(dynamo, TestDynamoDb.properties(shared));
        LockTable.ensure(dynamo, TestDynamoDb.properties(shared));

        assertThat(dynamo.describeTable(request -> request.tableName(shared)).table().keySchema())
                .singleElement()
                .satisfies(key -> assertThat(key.attributeName()).isEqualTo(LockTable.PARTITION_KEY));
    }
}
