package io.scalepoc.ownership.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The epoch fence against a real PostgreSQL, with a 3 s lease: a fenced transaction whose client
 * goes silent (a frozen replica) is ended after a lease so that a takeover proceeds, the setting
 * does not outlive the transaction, and an epoch advance that waits for the row longer than two leases
 * gives up instead of stalling the claim thread.
 */
class JdbcEpochStoreIntegrationTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static Cluster cluster;
    private static Replica replica;

    @BeforeAll
    static void startSchema() {
        cluster = Cluster.create();
        replica = Replica.builder("epochs", cluster)
                .tokens(0)
                .property("scalepoc.ownership.lease-duration", LEASE)
                .property("scalepoc.ownership.heartbeat-period", "1s")
                .start();
    }

    @AfterAll
    static void stop() {
        replica.close();
    }

    @Test
    void shouldEndAFencedTransactionThatSitsIdleForALeaseSoThatATakeoverProceeds() throws Exception {
        JdbcEpochStore store = replica.bean(JdbcEpochStore.class);
        long epoch = store.advance("customers-sync", "frozen");
        try (Connection frozen = openTransaction()) {
            fenceOn(frozen).check("customers-sync", epoch);

            CompletableFuture<Long> takeover =
                    CompletableFuture.supplyAsync(() -> store.advance("customers-sync", "adopter"));

            await("the takeover's epoch advance").atMost(LEASE.multipliedBy(5)).until(takeover::isDone);
            assertThat(takeover.get()).isEqualTo(epoch + 1);
            assertThatThrownBy(() -> frozen.createStatement().execute("SELECT 1"))
                    .as("the frozen transaction's session, ended by PostgreSQL")
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void shouldLimitTheIdleTimeToTheFencedTransaction() throws Exception {
        JdbcEpochStore store = replica.bean(JdbcEpochStore.class);
        long epoch = store.advance("products-sync", "owner");
        try (Connection connection = openTransaction()) {
            JdbcTemplate jdbc = templateOn(connection);
            String before = jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class);

            fenceOn(connection).check("products-sync", epoch);
            assertThat(jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class))
                    .isEqualTo("3s");
            connection.commit();

            assertThat(jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class))
                    .isEqualTo(before)
                    .isNotEqualTo("3s");
        }
    }

    @Test
    void shouldGiveUpAnEpochAdvanceThatWaitsForTheRowLongerThanTwoLeases() throws Exception {
        JdbcEpochStore store = replica.bean(JdbcEpochStore.class);
        long epoch = store.advance("orders-sync", "owner");
        try (Connection holder = openTransaction()) {
            // Not the fence: a lock PostgreSQL has no reason to end.
            templateOn(holder)
                    .queryForList(
                            "SELECT epoch FROM datasync.job_epoch WHERE job_name = 'orders-sync' FOR UPDATE",
                            Long.class);

            CompletableFuture<Long> takeover =
                    CompletableFuture.supplyAsync(() -> store.advance("orders-sync", "adopter"));

            await("the takeover's epoch advance").atMost(LEASE.multipliedBy(5)).until(takeover::isDone);
            assertThat(takeover)
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(QueryTimeoutException.class);

            holder.rollback();
        }
        assertThat(store.current("orders-sync")).hasValue(epoch);
    }

    private static Connection openTransaction() throws SQLException {
        Connection connection =
                DriverManager.getConnection(cluster.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
        connection.setAutoCommit(false);
        return connection;
    }

    /** The fence, running in {@code connection}'s transaction. */
    private static JdbcEpochStore fenceOn(Connection connection) {
        return new JdbcEpochStore(templateOn(connection), Clock.systemUTC(), LEASE);
    }

    private static JdbcTemplate templateOn(Connection connection) {
        return new JdbcTemplate(new SingleConnectionDataSource(connection, true));
    }
}
