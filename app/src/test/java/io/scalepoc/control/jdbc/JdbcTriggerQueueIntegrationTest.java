package io.scalepoc.control.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.control.Trigger;
import io.scalepoc.control.TriggerRecord;
import io.scalepoc.support.jdbc.ScalePocMigrations;
import io.scalepoc.testsupport.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trigger queue against a real PostgreSQL, migrated by Flyway as a replica would: the bound on
 * waiting triggers holds under concurrent requests, the owner takes them oldest first, a trigger put
 * back keeps its place, and only triggers a previous owner took but never launched are queued again.
 */
class JdbcTriggerQueueIntegrationTest {

    private static JdbcTemplate jdbc;
    private static JdbcTriggerQueue queue;

    @BeforeAll
    static void migrate() {
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource(TestPostgres.createDatabase(), TestPostgres.USER, TestPostgres.PASSWORD);
        ScalePocMigrations.configure(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        queue = new JdbcTriggerQueue(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @AfterAll
    static void close() {
        jdbc = null;
    }

    @Test
    void shouldAcceptExactlyTheBoundUnderConcurrentRequestsAndHandThemOutOldestFirst() throws Exception {
        int requests = 30;
        int bound = 10;
        ExecutorService callers = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<OptionalLong>> answers = IntStream.range(0, requests)
                    .mapToObj(n -> CompletableFuture.supplyAsync(
                            () -> {
                                await(start);
                                return queue.enqueue("bounded", "op", Map.of("n", (long) n), bound);
                            },
                            callers))
                    .toList();
            start.countDown();
            List<Long> accepted = answers.stream()
                    .map(CompletableFuture::join)
                    .filter(OptionalLong::isPresent)
                    .map(OptionalLong::getAsLong)
                    .sorted()
                    .toList();

            assertThat(accepted).hasSize(bound);
            assertThat(queue.pending("bounded")).isEqualTo(bound);
            List<Long> taken = IntStream.range(0, bound)
                    .mapToObj(i -> queue.takeNext("bounded", 1).orElseThrow().id())
                    .toList();
            assertThat(taken).as("oldest first").isEqualTo(accepted);
            assertThat(queue.takeNext("bounded", 1)).isEmpty();
            assertThat(queue.pending("bounded")).isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void shouldKeepAPutBackTriggerFirstAndEndItWithItsOutcome() {
        long first = queue.enqueue("order", "op", Map.of("n", 1L), 5).orElseThrow();
        long second = queue.enqueue("order", "op", Map.of(), 5).orElseThrow();

        Trigger taken = queue.takeNext("order", 1).orElseThrow();
        assertThat(taken.id()).isEqualTo(first);
        assertThat(taken.parameters()).isEqualTo(Map.of("n", 1L));
        assertThat(queue.find("order", first).orElseThrow().state()).isEqualTo("STARTED");
        queue.putBack(first);
        assertThat(queue.find("order", first).orElseThrow().isPending()).isTrue();
        assertThat(queue.takeNext("order", 1).orElseThrow().id()).isEqualTo(first);

        queue.ended(first, "FAILED", OptionalLong.empty(), "Could not launch: boom");
        TriggerRecord ended = queue.find("order", first).orElseThrow();
        assertThat(ended.isEnded()).isTrue();
        assertThat(ended.outcome()).isEqualTo("FAILED");
        assertThat(ended.reason()).isEqualTo("Could not launch: boom");
        assertThat(ended.executionId()).isEmpty();
        assertThat(ended.requestedBy()).isEqualTo("op");
        assertThat(queue.takeNext("order", 1).orElseThrow().id()).isEqualTo(second);
        assertThat(queue.find("elsewhere", second))
                .as("a trigger belongs to its job")
                .isEmpty();
    }

    @Test
    void shouldQueueAgainOnlyTriggersAnEarlierOwnerTookAndNeverLaunched() {
        long abandoned = queue.enqueue("heir", "op", Map.of(), 5).orElseThrow();
        long launched = queue.enqueue("heir", "op", Map.of(), 5).orElseThrow();
        long current = queue.enqueue("heir", "op", Map.of(), 5).orElseThrow();
        assertThat(queue.takeNext("heir", 3).orElseThrow().id()).isEqualTo(abandoned);
        assertThat(queue.takeNext("heir", 3).orElseThrow().id()).isEqualTo(launched);
        recordExecutionCarrying("heir", launched);
        assertThat(queue.takeNext("heir", 4).orElseThrow().id()).isEqualTo(current);

        assertThat(queue.requeueAbandoned("heir", 4))
                .as("only the trigger of epoch 3 without an execution")
                .isEqualTo(1);
        assertThat(states("heir", abandoned, launched, current)).containsExactly("PENDING", "STARTED", "STARTED");
        assertThat(queue.takeNext("heir", 4).map(Trigger::id)).isEqualTo(Optional.of(abandoned));
    }

    /** A Spring Batch execution of {@code job} whose parameters carry {@code trigger.id}, as a launch records it. */
    private static void recordExecutionCarrying(String job, long triggerId) {
        Long instance = jdbc.queryForObject(
                """
                INSERT INTO datasync.batch_job_instance (job_instance_id, version, job_name, job_key)
                VALUES (nextval('datasync.batch_job_instance_seq'), 0, ?, md5(random()::text))
                RETURNING job_instance_id
                """,
                Long.class,
                job);
        Long execution = jdbc.queryForObject(
                """
                INSERT INTO datasync.batch_job_execution (job_execution_id, version, job_instance_id, create_time, status)
                VALUES (nextval('datasync.batch_job_execution_seq'), 0, ?, now(), 'STARTED')
                RETURNING job_execution_id
                """,
                Long.class,
                instance);
        jdbc.update(
                """
                INSERT INTO datasync.batch_job_execution_params
                       (job_execution_id, parameter_name, parameter_type, parameter_value, identifying)
                VALUES (?, 'trigger.id', 'java.lang.Long', ?, 'N')
                """,
                execution,
                Long.toString(triggerId));
    }

    private static List<String> states(String job, long... ids) {
        return java.util.Arrays.stream(ids)
                .mapToObj(id -> queue.find(job, id).map(TriggerRecord::state).orElse(null))
                .filter(Objects::nonNull)
                .toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
