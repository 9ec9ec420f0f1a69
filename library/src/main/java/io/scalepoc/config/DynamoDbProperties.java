package io.scalepoc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The lock table.
 *
 * @param endpoint DynamoDB endpoint URL for DynamoDB Local or LocalStack; empty for AWS itself
 * @param region AWS region
 * @param tableName the lock table (partition key {@code key}, string)
 * @param createTable create the table when it is missing (local runs); otherwise it must exist
 * @param apiCallTimeout upper bound of one DynamoDB call including SDK retries, so that an
 *     unreachable DynamoDB fails a heartbeat rather than hanging it
 */
public record DynamoDbProperties(
        String endpoint,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("scalepoc-leases") String tableName,
        @DefaultValue("false") boolean createTable,
        @DefaultValue("3s") Duration apiCallTimeout) {

    public boolean hasEndpoint() {
        return endpoint != null && !endpoint.isBlank();
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (hasEndpoint()) {
            try {
                URI uri = new URI(endpoint);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    problems.add(
                            "scalepoc.dynamodb.endpoint must be an absolute URL such as http://localhost:8000, but is '"
                                    + endpoint + "'");
                }
            } catch (URISyntaxException e) {
                problems.add("scalepoc.dynamodb.endpoint is not a URL: '" + endpoint + "'");
            }
        }
        if (region == null || region.isBlank()) {
            problems.add("scalepoc.dynamodb.region must not be blank");
        }
        if (tableName == null || !tableName.matches("[A-Za-z0-9_.-]{3,255}")) {
            problems.add("scalepoc.dynamodb.table-name must be 3-255 characters of [A-Za-z0-9_.-], but is '" + tableName
                    + "'");
        }
        if (!Durations.isPositive(apiCallTimeout)) {
            problems.add("scalepoc.dynamodb.api-call-timeout must be positive, but is " + apiCallTimeout);
        }
        return problems;
    }
}
