package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.SlowCustomersSync;
import io.scalepoc.testsupport.TestDynamoDb;
import io.scalepoc.testsupport.TestPostgres;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The same workload under scale-poc and under ShedLock, side by side on the same DynamoDB Local and
 * PostgreSQL (docs/benchmarks.md).
 *
 * <p><b>Steady state</b>: three replicas, {@link EmptyJobs#COUNT} empty Spring Batch jobs every
 * {@code FIXED_DELAY}, a {@code bench.compare-window-seconds} window: executions per job-hour, how
 * the runs spread over the replicas, how often a job's consecutive runs change replica, and every
 * DynamoDB request (counted by the same SDK interceptor in both) per execution and per job-hour.
 * scale-poc with its production timing (lease 20 s, heartbeat 5 s, claim interval 10 s, X = 25,
 * both global monitors); ShedLock with {@code lockAtMostFor} = the lease, once with its default
 * {@code lockAtLeastFor} = 0 and once with {@code lockAtLeastFor} = the fixed delay.
 *
 * <p><b>A replica frozen longer than its lock</b>: three replicas (child JVMs) of the slow customers
 * sync (chunks of 10 rows, 20 ms a row, every second); while one runs it, {@code SIGSTOP} until
 * another replica has taken the job over and written, then {@code SIGCONT}. From PostgreSQL:
 * executions of the job that committed chunks at the same time, executions running at the same
 * time (metadata), chunks the frozen replica committed after the takeover, and rows written more
 * than once. scale-poc's lease and ShedLock's {@code lockAtMostFor} are both {@code FAULT_LEASE}.
 *
 * <p>A benchmark: prints figures, asserts nothing.
 */
class ShedLockComparisonBenchmark {

    private static final int REPEAT = Integer.getInteger("bench.repeat", 3);
    private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("bench.compare-window-seconds", 120));
    private static final Duration FIXED_DELAY = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Duration FAULT_LEASE = Duration.ofSeconds(10);
    private static final int FAULT_ROWS = 300;
    private static final String SCALE_POC = "scale-poc";
    private static final String SHEDLOCK = "shedlock";
    private static final String SHEDLOCK_AT_LEAST = "shedlock-lockAtLeastFor-10s";

    /** Figures of one steady-state window. */
    record Steady(
            double executionsPerJobHour,
            List<Double> replicaShares,
            double replicaChangesPerJobHour,
            Map<String, Double> requestsPerJobHour,
            double requestsPerExecution) {

        double requestsPerJobHourTotal() {
            return requestsPerJobHour.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
        }
    }

    /** Figures of one frozen-replica run. */
    record Fault(
            Duration frozen,
            long executionsWritingAtOnce,
            long executionsRunningAtOnce,
            long chunksCommittedAfterTakeover,
            long rowsWrittenTwice) {}

    @Test
    void compareWithShedLock() throws Exception {
        Map<String, List<Steady>> steady = new LinkedHashMap<>();
        Map<String, List<Fault>> faults = new LinkedHashMap<>();
        for (int run = 1; run <= REPEAT; run++) {
            record(steady, SCALE_POC, run, steadyScalePoc());
            record(steady, SHEDLOCK, run, steadyShedLock(Duration.ZERO));
            record(steady, SHEDLOCK_AT_LEAST, run, steadyShedLock(FIXED_DELAY));
            recordFault(faults, SCALE_POC, run, faultScalePoc(run));
            recordFault(faults, SHEDLOCK, run, faultShedLock(run));
        }
        steady.forEach((system, runs) -> System.out.printf(
                "RESULT shedlock steady system=%s executions_per_job_hour=%s busiest_replica_share=%s"
                        + " replica_changes_per_job_hour=%s requests_per_execution=%s requests_per_job_hour=%s%n",
                system,
                stats(runs, Steady::executionsPerJobHour).format("%.0f"),
                stats(runs, s -> s.replicaShares().get(0)).format("%.2f"),
                stats(runs, Steady::replicaChangesPerJobHour).format("%.0f"),
                stats(runs, Steady::requestsPerExecution).format("%.2f"),
                stats(runs, Steady::requestsPerJobHourTotal).format("%.0f")));
        faults.forEach((system, runs) -> System.out.printf(
                "RESULT shedlock sigstop system=%s frozen_s=%s executions_writing_at_once=%s"
                        + " executions_running_at_once=%s chunks_after_takeover=%s rows_written_twice=%s%n",
                system,
                stats(runs, f -> f.frozen().toMillis() / 1000.0).format("%.1f"),
                stats(runs, Fault::executionsWritingAtOnce).format("%.0f"),
                stats(runs, Fault::executionsRunningAtOnce).format("%.0f"),
                stats(runs, Fault::chunksCommittedAfterTakeover).format("%.0f"),
                stats(runs, Fault::rowsWrittenTwice).format("%.0f")));
    }

    private static void record(Map<String, List<Steady>> all, String system, int run, Steady figures) {
        all.computeIfAbsent(system, key -> new ArrayList<>()).add(figures);
        System.out.printf(
                "  run %d %s: %.0f executions/job-hour, runs per replica %s, replica changes/job-hour %.0f,"
                        + " DynamoDB requests/job-hour %.0f %s, per execution %.2f%n",
                run,
                system,
                figures.executionsPerJobHour(),
                figures.replicaShares().stream()
                        .map(share -> String.format("%.0f%%", share * 100))
                        .collect(Collectors.joining(" / ")),
                figures.replicaChangesPerJobHour(),
                figures.requestsPerJobHourTotal(),
                figures.requestsPerJobHour().entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .map(e -> e.getKey() + " " + String.format("%.0f", e.getValue()))
                        .collect(Collectors.joining(", ", "(", ")")),
                figures.requestsPerExecution());
    }

    private static void recordFault(Map<String, List<Fault>> all, String system, int run, Fault figures) {
        all.computeIfAbsent(system, key -> new ArrayList<>()).add(figures);
        System.out.printf(
                "  run %d %s SIGSTOP %.1f s (lock %d s): executions writing at once %d, running at once %d,"
                        + " chunks committed by the frozen replica after the takeover %d, rows written twice %d%n",
                run,
                system,
                figures.frozen().toMillis() / 1000.0,
                FAULT_LEASE.toSeconds(),
                figures.executionsWritingAtOnce(),
                figures.executionsRunningAtOnce(),
                figures.chunksCommittedAfterTakeover(),
                figures.rowsWrittenTwice());
    }

    private static <T> Stats stats(List<T> runs, java.util.function.ToDoubleFunction<T> figure) {
        return Stats.of(runs.stream().map(run -> figure.applyAsDouble(run)).toList());
    }

    // --- steady state ---------------------------------------------------------------------------

    private static Steady steadyScalePoc() throws InterruptedException {
        Cluster cluster = Cluster.create();
        List<Replica> replicas = EmptyJobs.startProductionTiming(
                cluster, List.of("poc-a", "poc-b", "poc-c"), FIXED_DELAY.toSeconds() + "s");
        try {
            JdbcTemplate jdbc = jdbc(cluster);
            awaitEveryJobRan(jdbc);
            return window(
                    jdbc,
                    replicas.stream().map(r -> r.bean(MeterRegistry.class)).toList());
        } finally {
            replicas.forEach(Replica::close);
        }
    }

    private static Steady steadyShedLock(Duration lockAtLeastFor) throws InterruptedException {
        Cluster cluster = Cluster.create();
        ShedLockReplica.createLockTable(TestDynamoDb.client(), cluster);
        List<ConfigurableApplicationContext> replicas = new ArrayList<>();
        try {
            for (String id : List.of("shed-a", "shed-b", "shed-c")) {
                replicas.add(ShedLockReplica.start(
                        ShedLockReplica.settings(id, cluster, FIXED_DELAY, LEASE, lockAtLeastFor), EmptyJobs.class));
            }
            JdbcTemplate jdbc = jdbc(cluster);
            awaitEveryJobRan(jdbc);
            return window(
                    jdbc,
                    replicas.stream().map(r -> r.getBean(MeterRegistry.class)).toList());
        } finally {
            replicas.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static void awaitEveryJobRan(JdbcTemplate jdbc) {
        await().atMost(Duration.ofMinutes(2))
                .until(() -> jdbc.queryForObject(
                                """
                                SELECT count(DISTINCT i.job_name) FROM datasync.batch_job_instance i
                                  JOIN datasync.batch_job_execution e ON e.job_instance_id = i.job_instance_id
                                 WHERE i.job_name LIKE 'bench-job-%' AND e.status = 'COMPLETED'
                                """,
                                Long.class)
                        == EmptyJobs.COUNT);
    }

    /** Counts requests and executions over {@code WINDOW}; all replicas are in this JVM, so on its clock. */
    private static Steady window(JdbcTemplate jdbc, List<MeterRegistry> registries) throws InterruptedException {
        Map<String, Double> before = RequestCounts.byOperation(registries);
        LocalDateTime start = LocalDateTime.now();
        Thread.sleep(WINDOW.toMillis()); // the measurement window, not a wait for an outcome
        Map<String, Double> requests = RequestCounts.difference(before, RequestCounts.byOperation(registries));
        LocalDateTime end = LocalDateTime.now();

        record Run(String job, String owner) {}
        List<Run> runs = jdbc.query(
                """
                SELECT i.job_name, p.parameter_value AS owner
                  FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                  JOIN datasync.batch_job_execution_params p
                    ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'owner'
                 WHERE i.job_name LIKE 'bench-job-%' AND e.start_time >= ? AND e.start_time < ?
                 ORDER BY i.job_name, e.start_time
                """,
                (rs, n) -> new Run(rs.getString(1), rs.getString(2)), start, end);
        double jobHours = EmptyJobs.COUNT * Duration.between(start, end).toMillis() / 3_600_000.0;
        Map<String, Long> perReplica = new TreeMap<>();
        long replicaChanges = 0;
        for (int k = 0; k < runs.size(); k++) {
            perReplica.merge(runs.get(k).owner(), 1L, Long::sum);
            if (k > 0
                    && runs.get(k).job().equals(runs.get(k - 1).job())
                    && !runs.get(k).owner().equals(runs.get(k - 1).owner())) {
                replicaChanges++;
            }
        }
        List<Double> shares = perReplica.values().stream()
                .sorted(Comparator.reverseOrder())
                .map(count -> count / (double) runs.size())
                .toList();
        while (shares.size() < 3) {
            shares = new ArrayList<>(shares);
            shares.add(0.0);
        }
        Map<String, Double> perJobHour = new TreeMap<>();
        requests.forEach((operation, count) -> perJobHour.put(operation, count / jobHours));
        double total =
                requests.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Steady(runs.size() / jobHours, shares, replicaChanges / jobHours, perJobHour, total / runs.size());
    }

    // --- a replica frozen longer than its lock ---------------------------------------------------

    private static Fault faultScalePoc(int run) throws Exception {
        Cluster cluster = Cluster.create();
        List<ReplicaProcess> replicas = new ArrayList<>();
        try {
            for (String id : List.of("poc-a", "poc-b", "poc-c")) {
                replicas.add(ReplicaProcess.startWith(
                        id + "-" + run,
                        cluster,
                        SlowCustomersSync.onlyThisJob(FAULT_LEASE, Map.of()),
                        SlowCustomersSync.class));
            }
            return freezeTheRunningReplica(cluster, replicas);
        } finally {
            replicas.forEach(ReplicaProcess::close);
        }
    }

    private static Fault faultShedLock(int run) throws Exception {
        Cluster cluster = Cluster.create();
        ShedLockReplica.createLockTable(TestDynamoDb.client(), cluster);
        List<ReplicaProcess> replicas = new ArrayList<>();
        try {
            for (String id : List.of("shed-a", "shed-b", "shed-c")) {
                Map<String, Object> settings = new LinkedHashMap<>(ShedLockReplica.settings(
                        id + "-" + run, cluster, Duration.ofSeconds(1), FAULT_LEASE, Duration.ZERO));
                settings.put("spring.main.sources", SlowCustomersSync.class.getName());
                replicas.add(ReplicaProcess.startMain(
                        id + "-" + run, ShedLockReplica.class, settings, ShedLockReplica.READY));
            }
            return freezeTheRunningReplica(cluster, replicas);
        } finally {
            replicas.forEach(ReplicaProcess::close);
        }
    }

    /**
     * Seeds the rows, freezes the replica running the sync once it has written 50 rows, wakes it
     * once another replica has taken over and written, and counts what happened once everything
     * has settled (no execution running, target equal to source, one more run after that).
     */
    private static Fault freezeTheRunningReplica(Cluster cluster, List<ReplicaProcess> replicas) throws Exception {
        String job = SlowCustomersSync.JOB;
        JdbcTemplate jdbc = jdbc(cluster);
        BatchMetadata metadata = new BatchMetadata(jdbc);
        DemoData.seed(jdbc, FAULT_ROWS);
        Execution frozenRun = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> metadata.executions(job).stream()
                                .filter(e -> e.status().equals("STARTED") && e.writeCount() >= 50)
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        ReplicaProcess frozen = replicas.stream()
                .filter(r -> r.instanceId().equals(frozenRun.owner()))
                .findFirst()
                .orElseThrow();
        long pausedAt = System.nanoTime();
        frozen.pause();
        try {
            // frozen for at least the lock time, counted from the pause (the lock was taken before it)
            await().pollDelay(FAULT_LEASE)
                    .atMost(FAULT_LEASE.plusSeconds(60))
                    .until(() -> metadata.executions(job).stream()
                            .anyMatch(e -> e.id() > frozenRun.id()
                                    && !e.owner().equals(frozen.instanceId())
                                    && e.writeCount() > 0));
        } finally {
            frozen.resume();
        }
        Duration frozenFor = Duration.ofNanos(System.nanoTime() - pausedAt);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> metadata.executions(job).stream()
                                .noneMatch(e -> e.status().equals("STARTED"))
                        && DemoData.mismatches(jdbc).get("customers") == 0);
        long settled =
                metadata.executions(job).stream().mapToLong(Execution::id).max().orElseThrow();
        await().atMost(Duration.ofMinutes(1)).until(() -> metadata.executions(job).stream()
                .anyMatch(e -> e.id() > settled && e.status().equals("COMPLETED")));

        long writingAtOnce = jdbc.queryForObject(
                """
                WITH w AS (SELECT job_execution_id, min(committed_at) AS first, max(committed_at) AS last
                             FROM datasync.sync_chunk_log WHERE job_name = ? GROUP BY job_execution_id)
                SELECT count(*) FROM w a JOIN w b ON b.job_execution_id > a.job_execution_id
                 WHERE a.first <= b.last AND b.first <= a.last
                """,
                Long.class,
                job);
        long afterTakeover = jdbc.queryForObject(
                """
                SELECT count(*) FROM datasync.sync_chunk_log c
                 WHERE c.job_name = ? AND c.job_execution_id = ?
                   AND c.committed_at > (SELECT min(committed_at) FROM datasync.sync_chunk_log
                                          WHERE job_name = ? AND job_execution_id > ?)
                """,
                Long.class,
                job,
                frozenRun.id(),
                job,
                frozenRun.id());
        long rowsWritten = jdbc.queryForObject(
                "SELECT coalesce(sum(rows_written), 0) FROM datasync.sync_chunk_log WHERE job_name = ?",
                Long.class,
                job);
        return new Fault(
                frozenFor, writingAtOnce, metadata.overlappingExecutions(), afterTakeover, rowsWritten - FAULT_ROWS);
    }

    private static JdbcTemplate jdbc(Cluster cluster) {
        return new JdbcTemplate(
                new DriverManagerDataSource(cluster.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD));
    }
}
