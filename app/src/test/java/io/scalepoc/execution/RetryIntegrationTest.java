package io.scalepoc.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A job that fails is restarted — the same JobInstance — after an exponential back-off, until it
 * succeeds or has failed {@code retry.max-attempts} times in a row; then it is left FAILED, the
 * FAILING alert opens, and the next run, a fixed delay later, starts afresh.
 */
class RetryIntegrationTest {

    private static final String FLAKY = "flaky-job";
    private static final String BROKEN = "broken-job";

    /** Two tasklet jobs recording every attempt on a connection of their own (so a rollback keeps it). */
    static class FailingJobs {

        @Bean(FLAKY)
        Job flaky(JobRepository repository, PlatformTransactionManager transactions, Attempts attempts) {
            return job(FLAKY, repository, transactions, attempts, 2);
        }

        @Bean(BROKEN)
        Job broken(JobRepository repository, PlatformTransactionManager transactions, Attempts attempts) {
            return job(BROKEN, repository, transactions, attempts, Integer.MAX_VALUE);
        }

        @Bean
        Attempts attempts(
                @Value("${spring.datasource.url}") String url,
                @Value("${spring.datasource.username}") String user,
                @Value("${spring.datasource.password}") String password) {
            return new Attempts(new JdbcTemplate(new DriverManagerDataSource(url, user, password)));
        }

        /** Fails its first {@code failures} attempts, then succeeds. */
        private static Job job(
                String name,
                JobRepository repository,
                PlatformTransactionManager transactions,
                Attempts attempts,
                int failures) {
            return new JobBuilder(name, repository)
                    .start(new StepBuilder(name + ".step", repository)
                            .tasklet(
                                    (contribution, context) -> {
                                        if (attempts.record(name) <= failures) {
                                            throw new IllegalStateException("attempt failed on purpose");
                                        }
                                        return RepeatStatus.FINISHED;
                                    },
                                    transactions)
                            .build())
                    .build();
        }
    }

    record Attempts(JdbcTemplate jdbc) {

        int record(String job) {
            jdbc.update("INSERT INTO public.attempts (job) VALUES (?)", job);
            return jdbc.queryForObject("SELECT count(*) FROM public.attempts WHERE job = ?", Integer.class, job);
        }
    }

    @Test
    void shouldRestartAFailedRunAfterABackOffUntilItSucceedsOrRunsOutOfAttempts() {
        Cluster cluster = Cluster.create();
        cluster.jdbc().execute("CREATE TABLE public.attempts (job text NOT NULL)");
        try (Replica replica = Replica.builder("retrier", cluster)
                .tokens(2)
                .withConfiguration(FailingJobs.class)
                .onlyJobs("1h", FLAKY)
                .job(FLAKY, "retry.max-attempts", 3)
                .job(FLAKY, "retry.initial-backoff", "1s")
                .job(BROKEN, "fixed-delay", "3s")
                .job(BROKEN, "initial-delay", "0s")
                .job(BROKEN, "retry.max-attempts", 2)
                .job(BROKEN, "retry.initial-backoff", "1s")
                .property("scalepoc.monitoring.self-check-interval", "500ms")
                .property("scalepoc.monitoring.failure-threshold", "2")
                .start()) {
            BatchMetadata metadata = new BatchMetadata(replica.jdbc());
            Api api = new Api(replica.port());

            await("the flaky job succeeds on its third attempt")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> metadata.executions(FLAKY).stream()
                            .anyMatch(e -> e.status().equals("COMPLETED")));
            List<Execution> flaky = metadata.executions(FLAKY);
            assertThat(flaky).extracting(Execution::status).containsExactly("FAILED", "FAILED", "COMPLETED");
            assertThat(flaky)
                    .extracting(Execution::runId)
                    .containsOnly(flaky.get(0).runId());
            assertThat(Duration.between(flaky.get(0).end(), flaky.get(1).start()))
                    .as("first back-off")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(Duration.between(flaky.get(1).end(), flaky.get(2).start()))
                    .as("second back-off, doubled")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

            await("the broken job runs out of attempts, is alerted and starts a new run")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> metadata.executions(BROKEN).size() >= 3 && api.isAlertOpen("FAILING", BROKEN));
            List<Execution> broken = metadata.executions(BROKEN);
            assertThat(broken.subList(0, 3)).extracting(Execution::status).containsOnly("FAILED");
            assertThat(broken.get(1).runId())
                    .as("the retry")
                    .isEqualTo(broken.get(0).runId());
            assertThat(broken.get(2).runId())
                    .as("a fresh run once the attempts are spent")
                    .isNotEqualTo(broken.get(0).runId());
            assertThat(Duration.between(broken.get(1).end(), broken.get(2).start()))
                    .as("the fresh run waits for the fixed delay")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        }
    }
}
