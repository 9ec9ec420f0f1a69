package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The cluster at scale (docs/benchmarks.md#scale): {@code bench.scale.jobs} (1,000) declarative
 * {@code sql} jobs ({@code SELECT 1}) every 60 s on five replicas of the packaged jar, X = 250
 * each, production timing (lease 20 s, heartbeat 5 s, claim interval 10 s) and both global
 * monitors, on PostgreSQL and DynamoDB Local. It measures start-up until every job is owned; in
 * steady state over {@code bench.window-seconds} (180): each replica's CPU (from {@code
 * /proc/<pid>/stat}), heap after a full GC ({@code jcmd GC.run}, then {@code jvm_memory_used_bytes}),
 * live threads; DynamoDB requests per job-hour by operation ({@code scalepoc_dynamodb_requests_total}
 * of every replica); PostgreSQL statements per run ({@code pg_stat_statements}, when the server
 * loads it: {@code scripts/bench.sh scale} arranges that) and transactions per run ({@code
 * pg_stat_database}); then {@code kill -9} of the replica owning most → all its jobs owned again and
 * each run again. A second run starts one replica with a {@code bench.scale.large-jobs} (10,000)
 * job catalog (every hour) and X = 2,000, for start-up and memory. A benchmark: prints figures,
 * asserts nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleBenchmark {

    private static final int JOBS = Integer.getInteger("bench.scale.jobs", 1000);
    private static final int LARGE_JOBS = Integer.getInteger("bench.scale.large-jobs", 10_000);
    private static final String LARGE_HEAP = System.getProperty("bench.scale.large-xmx", "256m");
    private static final int REPLICAS = 5;
    /** X: a quarter more than a fifth of the catalog, so that four replicas can own it all after a kill. */
    private static final int TOKENS = Integer.getInteger("bench.scale.tokens", 250);

    private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("bench.window-seconds", 180));
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

    @Test
    @Order(1)
    void measureAThousandJobsOnFiveReplicas() throws Exception {
        Cluster cluster = Cluster.create();
        JdbcTemplate jdbc = cluster.migrate();
        Path catalog = catalogFile(JOBS, Duration.ofSeconds(60));
        List<ReplicaProcess> replicas = new ArrayList<>();
        try {
            long launched = System.nanoTime();
            for (int i = 1; i <= REPLICAS; i++) {
                replicas.add(ReplicaProcess.launch("s" + i, cluster, settings(catalog, TOKENS)));
            }
            awaitOwned(replicas, JOBS, Duration.ofMinutes(10));
            double startup = (System.nanoTime() - launched) / 1e9;
            System.out.printf(
                    "RESULT scale jobs=%d replicas=%d tokens=%d start_up_until_all_owned_s=%.1f owned=%s%n",
                    JOBS, REPLICAS, TOKENS, startup, owned(replicas));

            // steady state: every job has run at least once (initial delays are spread over the fixed delay)
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> jobsRun(jdbc) >= JOBS);
            Snapshot before = Snapshot.of(replicas, jdbc, cluster);
            Thread.sleep(WINDOW.toMillis()); // the measurement window, not a wait for an outcome
            Snapshot after = Snapshot.of(replicas, jdbc, cluster);
            report(before, after, replicas);

            killTheBusiestReplica(replicas, jdbc);
        } finally {
            replicas.forEach(ReplicaProcess::close);
        }
    }

    /**
     * One replica with a {@code bench.scale.large-jobs} (10,000) catalog and X = 2,000: the whole
     * catalog is bound, validated and registered whatever it owns. Start-up until it owns its
     * tokens' worth; then heap after GC, threads and a minute of CPU.
     */
    @Test
    @Order(2)
    void measureStartUpAndMemoryWithTenThousandJobs() throws Exception {
        Cluster cluster = Cluster.create();
        cluster.migrate();
        Path catalog = catalogFile(LARGE_JOBS, Duration.ofHours(1));
        int tokens = 2000;
        // the heap the goal names (256 MB) as the limit: below it the JVM keeps Spring Boot's soft-referenced
        // property caches, so that "after GC" at a larger limit says more about the limit than the need
        String heapLimit = System.getProperty("replica.xmx");
        System.setProperty("replica.xmx", LARGE_HEAP);
        ReplicaProcess large;
        try {
            large = ReplicaProcess.launch("l1", cluster, settings(catalog, tokens));
        } finally {
            if (heapLimit == null) {
                System.clearProperty("replica.xmx");
            } else {
                System.setProperty("replica.xmx", heapLimit);
            }
        }
        try (ReplicaProcess replica = large) {
            long launched = System.nanoTime();
            await().atMost(Duration.ofMinutes(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> replica.isReady() && ownedCatalogJobs(List.of(replica)) >= tokens);
            double startup = (System.nanoTime() - launched) / 1e9;
            String log = replica.log();
            Matcher started = Pattern.compile("Started ScalePocApplication in ([0-9.]+) seconds")
                    .matcher(log);
            Map<String, Long> ticks = cpuTicks(List.of(replica));
            long measuredFrom = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(60).toMillis()); // a minute of steady state for CPU
            double cpu = cpuShare(ticks, cpuTicks(List.of(replica)), (System.nanoTime() - measuredFrom) / 1e9);
            System.out.printf(
                    "RESULT scale-large jobs=%d replicas=1 tokens=%d fixed_delay=1h xmx=%s spring_started_s=%s "
                            + "start_up_until_tokens_used_s=%.1f heap_after_gc_mb=%.0f live_threads=%.0f "
                            + "cpu_share_of_a_core=%.3f%n",
                    LARGE_JOBS,
                    tokens,
                    LARGE_HEAP,
                    started.find() ? started.group(1) : "?",
                    startup,
                    heapAfterGc(replica) / 1e6,
                    metric(replica.get("/actuator/prometheus"), "jvm_threads_live_threads"),
                    cpu);
        }
    }

    private static void report(Snapshot before, Snapshot after, List<ReplicaProcess> replicas) throws Exception {
        double seconds = (after.nanos - before.nanos) / 1e9;
        double jobHours = JOBS * seconds / 3600.0;
        long runs = after.runsEnded - before.runsEnded;
        for (ReplicaProcess replica : replicas) {
            String id = replica.instanceId();
            double cpu = (after.cpuTicks.get(id) - before.cpuTicks.get(id)) / (double) CLOCK_TICKS_PER_SECOND / seconds;
            double heap = heapAfterGc(replica) / 1e6;
            double threads = metric(replica.get("/actuator/prometheus"), "jvm_threads_live_threads");
            System.out.printf(
                    "RESULT scale replica=%s owned=%d cpu_share_of_a_core=%.3f heap_after_gc_mb=%.0f live_threads=%.0f%n",
                    id, replica.ownedJobs().size(), cpu, heap, threads);
        }
        Map<String, Double> perJobHour = new TreeMap<>();
        after.dynamo.forEach((operation, count) ->
                perJobHour.put(operation, (count - before.dynamo.getOrDefault(operation, 0.0)) / jobHours));
        double total =
                perJobHour.values().stream().mapToDouble(Double::doubleValue).sum();
        double floor = 3600.0 / HEARTBEAT.toSeconds();
        System.out.printf(
                "RESULT scale dynamodb_requests_per_job_hour total=%.1f (%.3f x the heartbeat floor of %.0f) %s%n",
                total, total / floor, floor, perJobHour);
        System.out.printf(
                "RESULT scale runs_in_window=%d (%.1f per second) postgres_transactions_per_run=%.1f "
                        + "postgres_statements_per_run=%s%n",
                runs,
                runs / seconds,
                (after.transactions - before.transactions) / (double) runs,
                after.statements < 0 || before.statements < 0
                        ? "not measured (pg_stat_statements is not loaded)"
                        : String.format("%.1f", (after.statements - before.statements) / (double) runs));
    }

    private static void killTheBusiestReplica(List<ReplicaProcess> replicas, JdbcTemplate jdbc) {
        ReplicaProcess victim = replicas.get(0);
        for (ReplicaProcess replica : replicas) {
            if (replica.ownedJobs().size() > victim.ownedJobs().size()) {
                victim = replica;
            }
        }
        List<String> moved = victim.ownedJobs().stream()
                .filter(job -> job.startsWith("scale-"))
                .toList();
        LocalDateTime killedAt = LocalDateTime.now();
        long killed = System.nanoTime();
        victim.kill();
        List<ReplicaProcess> survivors = new ArrayList<>(replicas);
        survivors.remove(victim);
        awaitOwned(survivors, JOBS, Duration.ofMinutes(5));
        double owned = (System.nanoTime() - killed) / 1e9;
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> ranSince(jdbc, moved, killedAt) == moved.size());
        double ranAgain = (System.nanoTime() - killed) / 1e9;
        System.out.printf(
                "RESULT scale kill-9 replica=%s jobs_moved=%d all_owned_again_s=%.1f (%.2f x lease) "
                        + "all_run_again_s=%.1f (fixed delay 60 s: a moved job runs when due)%n",
                victim.instanceId(), moved.size(), owned, owned / LEASE.toSeconds(), ranAgain);
    }

    /** What is counted before and after the window. */
    private record Snapshot(
            long nanos,
            Map<String, Long> cpuTicks,
            Map<String, Double> dynamo,
            long runsEnded,
            long transactions,
            long statements) {

        static Snapshot of(List<ReplicaProcess> replicas, JdbcTemplate jdbc, Cluster cluster) throws IOException {
            Map<String, Double> dynamo = new TreeMap<>();
            for (ReplicaProcess replica : replicas) {
                Matcher matcher = Pattern.compile(
                                "scalepoc_dynamodb_requests_total\\{[^}]*operation=\"([^\"]+)\"[^}]*} ([0-9.E]+)")
                        .matcher(replica.get("/actuator/prometheus"));
                while (matcher.find()) {
                    dynamo.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
                }
            }
            String database = cluster.jdbcUrl().replaceAll(".*/([^/?]+)(\\?.*)?$", "$1");
            return new Snapshot(
                    System.nanoTime(),
                    ScaleBenchmark.cpuTicks(replicas),
                    dynamo,
                    jdbc.queryForObject(
                            "SELECT count(*) FROM datasync.batch_job_execution WHERE end_time IS NOT NULL", Long.class),
                    jdbc.queryForObject(
                            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()",
                            Long.class),
                    ScaleBenchmark.statements(database));
        }
    }

    /** Statements run in {@code database}, from pg_stat_statements in database {@code scalepoc}; -1 when unavailable. */
    static long statements(String database) {
        try {
            JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(
                    TestPostgres.url("scalepoc"), TestPostgres.USER, TestPostgres.PASSWORD));
            Long calls = admin.queryForObject(
                    "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                            + "WHERE d.datname = ?",
                    Long.class,
                    database);
            return calls == null ? -1 : calls;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, Long> cpuTicks(Collection<ReplicaProcess> replicas) throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (ReplicaProcess replica : replicas) {
            String[] stat = Files.readString(Path.of("/proc", Long.toString(replica.pid()), "stat"))
                    .replaceAll("^.*\\) ", "")
                    .split(" ");
            // after the command: state is field 3 of stat, utime and stime are fields 14 and 15
            ticks.put(replica.instanceId(), Long.parseLong(stat[11]) + Long.parseLong(stat[12]));
        }
        return ticks;
    }

    private static double cpuShare(Map<String, Long> before, Map<String, Long> after, double seconds) {
        return before.keySet().stream()
                .mapToDouble(id -> (after.get(id) - before.get(id)) / (double) CLOCK_TICKS_PER_SECOND / seconds)
                .average()
                .orElse(0);
    }

    /** Heap in use right after a full GC requested with jcmd, in bytes. */
    private static double heapAfterGc(ReplicaProcess replica) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(replica.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        gc.waitFor();
        String prometheus = replica.get("/actuator/prometheus");
        Matcher matcher = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E]+)")
                .matcher(prometheus);
        double used = 0;
        while (matcher.find()) {
            used += Double.parseDouble(matcher.group(1));
        }
        return used;
    }

    private static double metric(String prometheus, String name) {
        Matcher matcher =
                Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E]+)").matcher(prometheus);
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : Double.NaN;
    }

    private static void awaitOwned(List<ReplicaProcess> replicas, int jobs, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> ownedCatalogJobs(replicas) == jobs);
    }

    private static int ownedCatalogJobs(List<ReplicaProcess> replicas) {
        Set<String> owned = new HashSet<>();
        replicas.forEach(replica -> replica.ownedJobs().stream()
                .filter(job -> job.startsWith("scale-"))
                .forEach(owned::add));
        return owned.size();
    }

    private static Map<String, Integer> owned(List<ReplicaProcess> replicas) {
        Map<String, Integer> owned = new TreeMap<>();
        replicas.forEach(replica -> owned.put(replica.instanceId(), (int) replica.ownedJobs().stream()
                .filter(job -> job.startsWith("scale-"))
                .count()));
        return owned;
    }

    private static long jobsRun(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT count(DISTINCT i.job_name) FROM datasync.batch_job_execution e "
                        + "JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id "
                        + "WHERE e.end_time IS NOT NULL AND i.job_name LIKE 'scale-%'",
                Long.class);
    }

    private static int ranSince(JdbcTemplate jdbc, List<String> jobs, LocalDateTime since) {
        Integer count = jdbc.queryForObject(
                "SELECT count(DISTINCT i.job_name) FROM datasync.batch_job_execution e "
                        + "JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id "
                        + "WHERE e.start_time > ? AND i.job_name = ANY (?)",
                Integer.class,
                Timestamp.valueOf(since),
                jobs.toArray(String[]::new));
        return count == null ? 0 : count;
    }

    /**
     * A catalog of {@code count} declarative jobs {@code scale-00001}… of {@code SELECT 1} every
     * {@code fixedDelay}, first runs spread evenly over one fixed delay (as a real catalog's are).
     */
    private static Path catalogFile(int count, Duration fixedDelay) throws IOException {
        StringBuilder yaml = new StringBuilder("scalepoc:\n  jobs:\n");
        for (int i = 1; i <= count; i++) {
            long initialMillis = fixedDelay.toMillis() * (i - 1) / count;
            yaml.append(String.format(
                    "    scale-%05d: {type: sql, sql: {statements: [\"SELECT 1\"]}, fixed-delay: %ds, initial-delay: %dms}%n",
                    i, fixedDelay.toSeconds(), initialMillis));
        }
        Path file =
                Path.of("target", "bench", "scale-catalog-" + count + ".yml").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private static Map<String, Object> settings(Path catalog, int tokens) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.config.additional-location", "file:" + catalog);
        settings.put("scalepoc.tokens", tokens);
        settings.put("scalepoc.ownership.lease-duration", LEASE.toSeconds() + "s");
        settings.put("scalepoc.ownership.heartbeat-period", HEARTBEAT.toSeconds() + "s");
        settings.put("scalepoc.ownership.claim-interval", "10s");
        settings.put("scalepoc.monitoring.global-monitors-enabled", true);
        settings.put("spring.datasource.hikari.maximum-pool-size", 10);
        // hourly empty jobs: seven job threads (and so seven run connections) fit the pool of ten
        settings.put("scalepoc.max-concurrent-runs", 7);
        for (String demoJob :
                List.of("customers-sync", "products-sync", "orders-sync", "payments-sync", "demo-generator")) {
            settings.put("scalepoc.jobs." + demoJob + ".enabled", false);
        }
        return settings;
    }
}
