package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.scalepoc.support.DependencyUnavailableException;
import io.scalepoc.support.StartupFailureAnalyzers;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestDynamoDb;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mock.env.MockEnvironment;

/** Start-up refuses bad configuration and missing dependencies with one clear message. */
class StartupFailureIntegrationTest {

    @Test
    void shouldListEveryConfigurationProblemAtOnceBeforeTouchingAnyDatabase() throws Exception {
        // PostgreSQL and DynamoDB point at closed ports: validation must fail first, and alone.
        Replica.Builder builder = Replica.builder(
                        "bad-config", new Cluster("jdbc:postgresql://127.0.0.1:1/none", "t-none"))
                .property("scalepoc.dynamodb.endpoint", "http://127.0.0.1:" + TestDynamoDb.freePort())
                .tokens(1)
                .property("scalepoc.ownership.lease-duration", "20s")
                .property("scalepoc.ownership.heartbeat-period", "10s")
                .job("customers-sync", "fixed-delay", "0s")
                .job("products-sync", "initial-delay", "-1s")
                .job("orders-sync", "weight", 3)
                .job("no-such-job", "fixed-delay", "5s")
                .job("Customers_Sync", "fixed-delay", "5s");

        Throwable failure = catchThrowable(builder::start);

        InvalidConfigurationException invalid = findCause(failure, InvalidConfigurationException.class);
        assertThat(invalid.problems())
                .containsExactlyInAnyOrder(
                        "scalepoc.ownership.heartbeat-period (PT10S) must be at most a third of scalepoc.ownership.lease-duration (PT20S)",
                        "scalepoc.jobs.customers-sync.fixed-delay must be positive, but is PT0S",
                        "scalepoc.jobs.products-sync.initial-delay must not be negative, but is PT-1S",
                        "scalepoc.jobs.orders-sync.weight is 3, more than the token budget scalepoc.tokens=1: no replica could ever own it",
                        "scalepoc.jobs.Customers_Sync: duplicate job name, same as 'customers-sync' once case and separators are ignored (they would share a lease and environment variables)",
                        "scalepoc.jobs.no-such-job: there is no Spring Batch Job bean named 'no-such-job' (Job beans: customers-sync, demo-generator, orders-sync, payments-sync, products-sync)",
                        "scalepoc.jobs.Customers_Sync: there is no Spring Batch Job bean named 'Customers_Sync' (Job beans: customers-sync, demo-generator, orders-sync, payments-sync, products-sync)");
        assertThat(invalid).hasMessageStartingWith("Invalid scale-poc configuration, 7 problem(s):");
    }

    @Test
    void shouldRejectNegativeTokens() {
        MockEnvironment environment = new MockEnvironment().withProperty("scalepoc.tokens", "-1");

        assertThat(ConfigurationValidator.problems(environment, java.util.Set.of()))
                .containsExactly("scalepoc.tokens must be 0 or more, but is -1");
    }

    @Test
    void shouldNameTheEndpointWhenDynamoDbIsUnreachable() throws Exception {
        String endpoint = "http://127.0.0.1:" + TestDynamoDb.freePort();

        Throwable failure = catchThrowable(() -> Replica.builder("no-dynamo", Cluster.create())
                .property("scalepoc.dynamodb.endpoint", endpoint)
                .start());

        DependencyUnavailableException unavailable = findCause(failure, DependencyUnavailableException.class);
        assertThat(unavailable.getMessage())
                .startsWith("DynamoDB is unreachable while looking for the lock table")
                .contains(endpoint);
        assertThat(unavailable.action()).contains("scalepoc.dynamodb.endpoint");
    }

    @Test
    void shouldNameTheTableWhenItIsMissingAndMayNotBeCreated() {
        Cluster cluster = Cluster.create();

        Throwable failure = catchThrowable(() -> Replica.builder("no-table", cluster)
                .property("scalepoc.dynamodb.create-table", false)
                .start());

        DependencyUnavailableException unavailable = findCause(failure, DependencyUnavailableException.class);
        assertThat(unavailable.getMessage())
                .isEqualTo("The DynamoDB lock table '" + cluster.tableName() + "' at " + TestDynamoDb.endpoint()
                        + " (region us-east-1) does not exist");
    }

    @Test
    void shouldNameTheUrlWhenPostgresIsUnreachable() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + TestDynamoDb.freePort() + "/scalepoc";

        Throwable failure =
                catchThrowable(() -> Replica.builder("no-postgres", new Cluster(url, TestDynamoDb.newTableName()))
                        .start());

        SQLException sqlFailure = findCause(failure, SQLException.class);
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", url);
        FailureAnalysis analysis = new StartupFailureAnalyzers.PostgresUnavailable(environment).analyze(failure);
        assertThat(sqlFailure.getSQLState()).startsWith("08");
        assertThat(analysis.getDescription()).startsWith("PostgreSQL is unreachable at " + url);
        assertThat(analysis.getAction()).contains("SPRING_DATASOURCE_URL");
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (cause != null && !type.isInstance(cause)) {
            cause = cause.getCause();
        }
        assertThat(cause)
                .as(
                        "a %s in the cause chain of %s",
                        type.getSimpleName(), NestedExceptionUtils.getMostSpecificCause(failure))
                .isNotNull();
        return type.cast(cause);
    }
}
