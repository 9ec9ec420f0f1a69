package io.scalepoc.ownership.dynamodb;

import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.LeaseStoreContract;
import io.scalepoc.testsupport.TestDynamoDb;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lease contract against LocalStack's DynamoDB, on a table created from {@code
 * localstack/lock-table.json} as the compose set-up's init hook does. Runs only where a Docker
 * engine is available (skipped otherwise, e.g. on the CI machines of this project); DynamoDB
 * Local remains the proof everywhere else ({@link DynamoDbLeaseStoreIntegrationTest}, {@link
 * LockTableDefinitionIntegrationTest}).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIntegrationTest extends LeaseStoreContract {

    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer("localstack/localstack:4.4").withServices("dynamodb");

    private final Map<LeaseStore, AtomicBoolean> connections = new IdentityHashMap<>();
    private final String tableName = "scalepoc-leases-" + System.nanoTime();

    @BeforeEach
    void createTableFromTheFile() throws IOException {
        client(new AtomicBoolean())
                .createTable(
                        LockTableDefinitionIntegrationTest.fromFile(Path.of("localstack/lock-table.json")).toBuilder()
                                .tableName(tableName)
                                .build());
    }

    @Override
    protected LeaseStore newStore(String owner) {
        AtomicBoolean cut = new AtomicBoolean();
        LeaseStore store = new DynamoDbLeaseStore(client(cut), tableName, owner, LEASE, HEARTBEAT);
        connections.put(store, cut);
        return store;
    }

    @Override
    protected void cutOff(LeaseStore store) {
        connections.get(store).set(true);
    }

    private static DynamoDbClient client(AtomicBoolean cut) {
        return DynamoDbClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .overrideConfiguration(config -> config.addExecutionInterceptor(TestDynamoDb.cutSwitch(cut)))
                .build();
    }
}
