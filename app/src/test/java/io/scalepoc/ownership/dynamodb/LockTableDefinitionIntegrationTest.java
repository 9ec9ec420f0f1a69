package io.scalepoc.ownership.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalepoc.support.DependencyUnavailableException;
import io.scalepoc.testsupport.TestDynamoDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code localstack/lock-table.json} — what the LocalStack init hook and operators feed to {@code
 * aws dynamodb create-table --cli-input-json} — is exactly the application's own table definition
 * ({@link LockTable#createTableRequest}), and a table created from that file passes the whole
 * lease contract.
 */
class LockTableDefinitionIntegrationTest extends DynamoDbContract {

    private static final Path DEFINITION = Path.of("localstack/lock-table.json");

    private String tableName;

    @Override
    protected String tableName() {
        return tableName;
    }

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

    @Test
    void shouldRefuseATableWhoseKeyIsNotAString() {
        String numberKeyed = TestDynamoDb.newTableName();
        TestDynamoDb.client()
                .createTable(LockTable.createTableRequest(numberKeyed).toBuilder()
                        .attributeDefinitions(AttributeDefinition.builder()
                                .attributeName(LockTable.PARTITION_KEY)
                                .attributeType(ScalarAttributeType.N)
                                .build())
                        .build());

        assertThatThrownBy(() -> LockTable.ensure(TestDynamoDb.client(), TestDynamoDb.properties(numberKeyed)))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("table '" + numberKeyed + "'")
                .hasMessageContaining("expected a single partition key 'key' of type S (String)");
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
