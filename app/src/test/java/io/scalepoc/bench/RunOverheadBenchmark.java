package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Overhead per run (docs/benchmarks.md), from the Spring Batch metadata of a job that does nothing,
 * run every {@code FIXED_DELAY} on one replica with PostgreSQL and DynamoDB Local:
 *
 * <ul>
 *   <li><b>tick to first step</b>: start of run n+1's step − (end of run n + fixed delay): what the
 *       schedule, its checks (lease, epoch, control state, orphans, due time) and Spring Batch's
 *       launch add before any work starts;
 *   <li><b>bookkeeping per empty run</b>: end − start of a job execution whose only step does
 *       nothing: Spring Batch's own writes (job and step executions, contexts).
 * </ul>
 *
 * All timestamps come from the one JVM that ran the job. A benchmark: prints figures, asserts nothing.
 */
class RunOverheadBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 200);
    private static final Duration FIXED_DELAY = Duration.ofMillis(200);
    static final String JOB = "empty-job";

    /** A job whose only step does nothing. */
    static class EmptyJob {
        @Bean(JOB)
        Job emptyJob(JobRepository repository, PlatformTransactionManager transactionManager) {
            return new EmptyJobs.Factory(repository, transactionManager).create(JOB);
        }
    }

    @Test
    void measureTickToFirstStepAndBookkeeping() {
        Cluster cluster = Cluster.create();
        try (Replica replica = Replica.builder("overhead", cluster)
                .tokens(1)
                .withConfiguration(EmptyJob.class)
                .onlyJobs("1h")
                .job(JOB, "fixed-delay", FIXED_DELAY.toMillis() + "ms")
                .start()) {
            JdbcTemplate jdbc = replica.jdbc();
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> completed(jdbc) >= RUNS + 1);
            List<Map<String, Object>> runs = jdbc.queryForList(
                    """
                    SELECT e.start_time AS job_start, e.end_time AS job_end, s.start_time AS step_start
                      FROM datasync.batch_job_execution e
                      JOIN datasync.batch_step_execution s ON s.job_execution_id = e.job_execution_id
                     WHERE e.status = 'COMPLETED'
                     ORDER BY e.job_execution_id
                    """);
            List<Double> tickToStep = new ArrayList<>();
            List<Double> bookkeeping = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Map<String, Object> run = runs.get(i);
                bookkeeping.add(millis(run.get("job_start"), run.get("job_end")));
                if (i > 0) {
                    double sincePreviousEnd = millis(runs.get(i - 1).get("job_end"), run.get("step_start"));
                    tickToStep.add(sincePreviousEnd - FIXED_DELAY.toMillis());
                }
            }
            print("tick_to_first_step_ms", tickToStep);
            print("bookkeeping_per_empty_run_ms", bookkeeping);
        }
    }

    private static void print(String figure, List<Double> millis) {
        System.out.printf(
                "RESULT overhead runs=%d %s p50=%.1f p95=%.1f (min/median/max %s)%n",
                millis.size(),
                figure,
                Stats.percentile(millis, 50),
                Stats.percentile(millis, 95),
                Stats.of(millis).format("%.1f"));
    }

    private static long completed(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM datasync.batch_job_execution WHERE status = 'COMPLETED'", Long.class);
    }

    private static double millis(Object from, Object to) {
        return Duration.between(((Timestamp) from).toInstant(), ((Timestamp) to).toInstant())
                        .toNanos()
                / 1e6;
    }
}
