package io.scalepoc.ownership.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.DynamoDbProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class DynamoDbClientsTest {

    private static final DynamoDbProperties LOCAL =
            new DynamoDbProperties("http://localhost:8000", "us-east-1", "leases", true, Duration.ofSeconds(3));
    private static final DynamoDbProperties AWS =
            new DynamoDbProperties("", "eu-west-1", "leases", false, Duration.ofSeconds(3));

    @Test
    void shouldSignWithDummyCredentialsAgainstALocalEndpointWithoutAwsCredentials() {
        assertThat(DynamoDbClients.credentials(LOCAL, Map.of("HOME", "/root")))
                .isInstanceOf(StaticCredentialsProvider.class);
    }

    @Test
    void shouldUseTheDefaultChainWhenTheEnvironmentHasCredentials() {
        assertThat(DynamoDbClients.credentials(LOCAL, Map.of("AWS_PROFILE", "localstack")))
                .isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(DynamoDbClients.credentials(LOCAL, Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token")))
                .isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void shouldUseTheDefaultChainAgainstAws() {
        assertThat(DynamoDbClients.credentials(AWS, Map.of())).isInstanceOf(DefaultCredentialsProvider.class);
    }
}
