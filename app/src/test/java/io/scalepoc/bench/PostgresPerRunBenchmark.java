package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * PostgreSQL work per run (docs/benchmarks.md), side by side in one run on one database: the
 * empty job of {@link RunOverheadBenchmark} run by scale-poc every 200 ms (the phase begins and ends
 * with the job paused, so that no run is half counted), then — with that job
 * paused — the same kind of job (one step whose tasklet does nothing) launched by a bare Spring
 * Batch 6 {@link JobOperator} on the same {@link JobRepository}, with none of scale-poc around it.
 * Statements are counted by {@code pg_stat_statements} (top-level statements: client round trips;
 * {@code scripts/bench.sh} loads it) and transactions by {@code pg_stat_database}; each phase's
 * figures are net of the replica's background work (sweeps, check-ins, the self-monitor),
 * measured in a window with the job held off and nothing launched. A benchmark: prints figures,
 * asserts nothing.
 */
class PostgresPerRunBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 200);
    private static final int WARM_UP = 20;
    /**
     * How long a backend may keep its transaction counts before reporting them to {@code
     * pg_stat_database} (PostgreSQL 15 flushes an idle backend's statistics within 10 s): every
     * snapshot waits this long after its phase's last run, and that wait is part of the phase.
     */
    private static final Duration STATS_FLUSH = Duration.ofSeconds(11);
    /** Marks the benchmark's own queries, which the counts leave out. */
    private static final String BENCH = "/* bench */";

    @Test
    void measurePostgresWorkPerRunAgainstBareSpringBatch() throws Exception {
        Cluster cluster = Cluster.create();
        String database = cluster.jdbcUrl().replaceAll(".*/([^/?]+)(\\?.*)?$", "$1");
        try (Replica replica = Replica.builder("pg-per-run", cluster)
                .tokens(1)
                .withConfiguration(RunOverheadBenchmark.EmptyJob.class)
                .onlyJobs("1h")
                .job(RunOverheadBenchmark.JOB, "fixed-delay", "200ms")
                .start()) {
            JdbcTemplate jdbc = replica.jdbc();
            if (ScaleBenchmark.statements(database) < 0) {
                System.out.println("RESULT pg-per-run not measured (pg_stat_statements is not loaded)");
                return;
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> ended(jdbc, RunOverheadBenchmark.JOB) >= WARM_UP);
            JobOwnership ownership = replica.bean(JobOwnership.class);

            // scale-poc: RUNS runs; the phase begins and ends with the job released (held off), so that
            // no run is half counted and no tick of it runs while the statistics settle
            letGo(ownership, jdbc, Duration.ofSeconds(15));
            Counts before = settledCounts(jdbc, database);
            Map<String, Long> callsBefore = calls(database);
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ended(jdbc, RunOverheadBenchmark.JOB) >= before.runs + RUNS);
            letGo(ownership, jdbc, Duration.ofHours(1));
            Counts scalePoc = settledCounts(jdbc, database).minus(before);
            Map<String, Long> scalePocCalls = minus(calls(database), callsBefore);

            // the replica's own work with no job of its own: sweeps, check-ins, the self-monitor
            Counts idleFrom = settledCounts(jdbc, database);
            Map<String, Long> idleCalls = calls(database);
            Thread.sleep(scalePoc.nanos / 1_000_000); // the measurement window, not a wait for an outcome
            Counts background = settledCounts(jdbc, database).minus(idleFrom);
            print("background, per second", minus(calls(database), idleCalls), background.nanos / 1e9);

            // bare Spring Batch: the same kind of job through the JobOperator, outside scale-poc
            JobOperator operator = replica.bean(JobOperator.class);
            Job bare = new EmptyJobs.Factory(
                            replica.bean(JobRepository.class), replica.bean(PlatformTransactionManager.class))
                    .create("bare-empty-job");
            for (int i = 0; i < WARM_UP; i++) {
                launch(operator, bare);
            }
            Counts bareFrom = settledCounts(jdbc, database);
            Map<String, Long> bareCallsBefore = calls(database);
            for (int i = 0; i < RUNS; i++) {
                launch(operator, bare);
            }
            Counts bareCounts = settledCounts(jdbc, database).minus(bareFrom);
            print("scale-poc phase, per run (background included)", scalePocCalls, scalePoc.runs);
            print(
                    "bare Spring Batch phase, per run (background included)",
                    minus(calls(database), bareCallsBefore),
                    RUNS);

            double scalePocRuns = scalePoc.runs;
            Counts scalePocNet = scalePoc.minusBackground(background);
            Counts bareNet = bareCounts.minusBackground(background);
            System.out.printf(
                    "RESULT pg-per-run scale-poc runs=%.0f statements_per_run=%.1f transactions_per_run=%.1f "
                            + "(gross %.1f / %.1f)%n",
                    scalePocRuns,
                    scalePocNet.statements / scalePocRuns,
                    scalePocNet.transactions / scalePocRuns,
                    scalePoc.statements / scalePocRuns,
                    scalePoc.transactions / scalePocRuns);
            System.out.printf(
                    "RESULT pg-per-run bare-spring-batch runs=%d statements_per_run=%.1f transactions_per_run=%.1f%n",
                    RUNS, bareNet.statements / RUNS, bareNet.transactions / RUNS);
            System.out.printf(
                    "RESULT pg-per-run ratio statements=%.2f transactions=%.2f (background per second: "
                            + "%.1f statements, %.1f transactions)%n",
                    (scalePocNet.statements / scalePocRuns) / (bareNet.statements / RUNS),
                    (scalePocNet.transactions / scalePocRuns) / (bareNet.transactions / RUNS),
                    background.statements / (background.nanos / 1e9),
                    background.transactions / (background.nanos / 1e9));
        }
    }

    /** Calls of each statement in {@code database} so far ({@code pg_stat_statements}). */
    private static Map<String, Long> calls(String database) {
        JdbcTemplate admin = new JdbcTemplate(
                new DriverManagerDataSource(TestPostgres.url("scalepoc"), TestPostgres.USER, TestPostgres.PASSWORD));
        Map<String, Long> calls = new HashMap<>();
        admin.query(
                "SELECT s.query, s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                        + " WHERE d.datname = ?",
                row -> {
                    calls.merge(row.getString(1).replaceAll("\\s+", " "), row.getLong(2), Long::sum);
                },
                database);
        return calls;
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((query, calls) -> delta.put(query, calls - before.getOrDefault(query, 0L)));
        return delta;
    }

    /** The statements of a phase, most called first, per {@code per} (runs or seconds): where the work goes. */
    private static void print(String phase, Map<String, Long> calls, double per) {
        System.out.println("  statements, " + phase + ":");
        calls.entrySet().stream()
                .filter(entry -> entry.getValue() > 0 && !entry.getKey().contains(BENCH))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(25)
                .forEach(entry -> System.out.printf(
                        "    %6.2f  %s%n",
                        entry.getValue() / per,
                        entry.getKey().length() > 140 ? entry.getKey().substring(0, 140) + "…" : entry.getKey()));
    }

    private static void launch(JobOperator operator, Job job) throws Exception {
        operator.start(
                job,
                new JobParametersBuilder().addLong("run.id", System.nanoTime()).toJobParameters());
    }

    /** Releases the job between its runs and keeps it away from this replica for {@code holdOff}. */
    private static void letGo(JobOwnership ownership, JdbcTemplate jdbc, Duration holdOff) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> ownership.owned(RunOverheadBenchmark.JOB).isEmpty()
                        || ownership.release(RunOverheadBenchmark.JOB, holdOff, "benchmark"));
        await().atMost(Duration.ofMinutes(1))
                .until(() -> ownership.owned(RunOverheadBenchmark.JOB).isEmpty()
                        && !running(jdbc, RunOverheadBenchmark.JOB));
    }

    /** The counters once every backend has reported its transactions so far. */
    private static Counts settledCounts(JdbcTemplate jdbc, String database) throws InterruptedException {
        Thread.sleep(STATS_FLUSH.toMillis()); // PostgreSQL's statistics delay, not a wait for an outcome
        long ended = ended(jdbc, RunOverheadBenchmark.JOB);
        long transactions = jdbc.queryForObject(
                "SELECT /* bench */ xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()",
                Long.class);
        long statements = 0;
        long ownQueries = 0; // the benchmark's own polls: each one statement in a transaction of its own
        for (Map.Entry<String, Long> call : calls(database).entrySet()) {
            if (call.getKey().contains(BENCH)) {
                ownQueries += call.getValue();
            } else {
                statements += call.getValue();
            }
        }
        return new Counts(System.nanoTime(), ended, statements, transactions - ownQueries);
    }

    private static long ended(JdbcTemplate jdbc, String job) {
        return jdbc.queryForObject(
                """
                SELECT /* bench */ count(*) FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                 WHERE i.job_name = ? AND e.end_time IS NOT NULL
                """,
                Long.class,
                job);
    }

    private static boolean running(JdbcTemplate jdbc, String job) {
        return jdbc.queryForObject(
                        """
                SELECT /* bench */ count(*) FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                 WHERE i.job_name = ? AND e.end_time IS NULL
                """,
                        Long.class,
                        job)
                > 0;
    }

    /**
     * Counts at a moment, or the difference of two ({@code runs}: of the scale-poc job); the
     * snapshot's own queries are counted too and cancel out.
     */
    private record Counts(long nanos, long runs, double statements, double transactions) {

        Counts minus(Counts earlier) {
            return new Counts(
                    nanos - earlier.nanos,
                    runs - earlier.runs,
                    statements - earlier.statements,
                    transactions - earlier.transactions);
        }

        /** This phase's counts without what the replica does anyway over as long a time. */
        Counts minusBackground(Counts background) {
            double share = (double) nanos / background.nanos;
            return new Counts(
                    nanos,
                    runs,
                    statements - background.statements * share,
                    transactions - background.transactions * share);
        }
    }
}
