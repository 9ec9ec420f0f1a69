package io.scalepoc.ownership.dynamodb;

import io.scalepoc.config.DynamoDbProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the SDK v2 client. Against an explicit endpoint (DynamoDB Local, LocalStack) with no AWS
 * credentials in the environment it signs with dummy static credentials; otherwise it uses the
 * SDK's default provider chain (environment, profile, web identity / IRSA, container, instance).
 * (DynamoDB Local 2.x accepts only letters and digits in the access key id.)
 */
public final class DynamoDbClients {

    /** Environment variables that mean "the operator configured real credentials". */
    static final List<String> CREDENTIAL_VARIABLES = List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

    private DynamoDbClients() {}

    public static DynamoDbClient create(DynamoDbProperties properties, Map<String, String> environment) {
        return create(properties, environment, List.of());
    }

    /** As {@link #create(DynamoDbProperties, Map)}, with {@code interceptors} on every request (metrics). */
    public static DynamoDbClient create(
            DynamoDbProperties properties, Map<String, String> environment, List<ExecutionInterceptor> interceptors) {
        Duration timeout = properties.apiCallTimeout();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials(properties, environment))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(Math.min(1000, timeout.toMillis())))
                        .socketTimeout(timeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout)
                        .executionInterceptors(interceptors)
                        .build());
        if (properties.hasEndpoint()) {
            builder.endpointOverride(URI.create(properties.endpoint()));
        }
        return builder.build();
    }

    static AwsCredentialsProvider credentials(DynamoDbProperties properties, Map<String, String> environment) {
        boolean configured = CREDENTIAL_VARIABLES.stream().anyMatch(name -> {
            String value = environment.get(name);
            return value != null && !value.isBlank();
        });
        if (properties.hasEndpoint() && !configured) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("scalepoclocal", "scalepoclocal"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
