package io.scalepoc.ownership.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.LeaseStoreContract;
import io.scalepoc.testsupport.TestDynamoDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code localstack/lock-table.json} — what the LocalStack init hook and operators feed to {@code
 * aws dynamodb create-table --cli-input-json} — is exactly the application's own table definition
 * ({@link LockTable#createTableRequest}), and a table created from that file passes the whole
 * lease contract.
 */
class LockTableDefinitionIntegrationTest extends LeaseStoreContract {

    private static final Path DEFINITION = Path.of("localstack/lock-table.json");

    private final Map<LeaseStore, AtomicBoolean> connections = new IdentityHashMap<>();
    private String tableName;

    @BeforeEach
    void createTableFromTheFile() throws IOException {
        tableName = TestDynamoDb.newTableName();
        CreateTableRequest fromFile =
                fromFile(DEFINITION).toBuilder().tableName(tableName).build();
        TestDynamoDb.client().createTable(fromFile);
    }

    @Test
    void shouldBeExactlyTheApplicationsTableDefinition() throws IOException {
        CreateTableRequest fromFile = fromFile(DEFINITION);

        assertThat(fromFile).isEqualTo(LockTable.createTableRequest("scalepoc-leases"));
    }

    @Override
    protected LeaseStore newStore(String owner) {
        AtomicBoolean cut = new AtomicBoolean();
        DynamoDbClient client = TestDynamoDb.cuttableClient(cut);
        LeaseStore store = new DynamoDbLeaseStore(client, tableName, owner, LEASE, HEARTBEAT);
        connections.put(store, cut);
        return store;
    }

    @Override
    protected void cutOff(LeaseStore store) {
        connections.get(store).set(true);
    }

    /** Reads the CLI input JSON of CreateTable (the fields this definition uses; any other fails). */
    static CreateTableRequest fromFile(Path file) throws IOException {
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(file));
        assertThat(json.propertyNames())
                .containsExactlyInAnyOrder("TableName", "AttributeDefinitions", "KeySchema", "BillingMode");
        List<AttributeDefinition> attributes = json.get("AttributeDefinitions")
                .valueStream()
                .map(node -> AttributeDefinition.builder()
                        .attributeName(node.get("AttributeName").asText())
                        .attributeType(node.get("AttributeType").asText())
                        .build())
                .toList();
        List<KeySchemaElement> keys = json.get("KeySchema")
                .valueStream()
                .map(node -> KeySchemaElement.builder()
                        .attributeName(node.get("AttributeName").asText())
                        .keyType(node.get("KeyType").asText())
                        .build())
                .toList();
        return CreateTableRequest.builder()
                .tableName(json.get("TableName").asText())
                .attributeDefinitions(attributes)
                .keySchema(keys)
                .billingMode(json.get("BillingMode").asText())
                .build();
    }
}
