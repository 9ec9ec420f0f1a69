package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.TestPostgres;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A rolling update as {@code kubectl rollout} with {@code maxSurge: 0} does it (docs/benchmarks.md):
 * three replicas of the packaged jar (X = 2, the four demo syncs every {@code FIXED_DELAY}) are
 * replaced one by one — SIGTERM, wait for the process to exit, start the replacement, wait until it
 * is ready. From the Spring Batch metadata: for every job, the worst gap between the end of one run
 * and the start of the next during the rollout, against the fixed delay. A benchmark: prints
 * figures, asserts nothing.
 */
class RollingUpdateBenchmark {

    private static final int REPEAT = Integer.getInteger("bench.repeat", 3);
    private static final Duration FIXED_DELAY = Duration.ofSeconds(10);
    private static final List<String> JOBS = List.of("customers-sync", "products-sync", "orders-sync", "payments-sync");

    @Test
    void measureTheWorstGapPerJobDuringARollout() throws Exception {
        List<Double> worstRatios = new ArrayList<>();
        for (int run = 0; run < REPEAT; run++) {
            Map<String, Double> worst = once(run);
            double ratio = worst.values().stream()
                            .mapToDouble(Double::doubleValue)
                            .max()
                            .orElse(0)
                    / FIXED_DELAY.toMillis();
            worstRatios.add(ratio);
            System.out.printf("  run %d: worst gap per job (ms) %s; worst / fixed delay %.3f%n", run + 1, worst, ratio);
        }
        System.out.printf(
                "RESULT rollout replicas=3 tokens=2 jobs=%d fixed_delay_s=%d worst_gap_over_fixed_delay=%s%n",
                JOBS.size(), FIXED_DELAY.toSeconds(), Stats.of(worstRatios).format("%.3f"));
    }

    private static Map<String, Double> once(int run) throws Exception {
        Cluster cluster = Cluster.create();
        List<ReplicaProcess> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                replicas.add(ReplicaProcess.start("old-" + run + "-" + i, cluster, settings()));
            }
            JdbcTemplate jdbc = jdbc(cluster);
            DemoData.seed(jdbc, 200);
            BatchMetadata metadata = new BatchMetadata(jdbc);
            await().atMost(Duration.ofMinutes(2)).until(() -> JOBS.stream()
                    .allMatch(job -> metadata.executions(job).stream()
                                    .filter(e -> e.status().equals("COMPLETED"))
                                    .count()
                            >= 2));
            LocalDateTime rolloutStart = LocalDateTime.now();
            for (int i = 0; i < 3; i++) {
                ReplicaProcess old = replicas.get(i);
                old.terminate();
                old.awaitExit(Duration.ofSeconds(60));
                replicas.set(i, ReplicaProcess.start("new-" + run + "-" + i, cluster, settings()));
            }
            // let every job run once more after the last replacement
            LocalDateTime rolloutEnd = LocalDateTime.now();
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> JOBS.stream().allMatch(job -> metadata.executions(job).stream()
                            .anyMatch(e -> e.start() != null && e.start().isAfter(rolloutEnd))));
            Map<String, Double> worst = new TreeMap<>();
            for (String job : JOBS) {
                List<Execution> runs = new ArrayList<>(metadata.executions(job));
                runs.sort((a, b) -> a.start().compareTo(b.start()));
                double max = 0;
                for (int k = 1; k < runs.size(); k++) {
                    Execution previous = runs.get(k - 1);
                    Execution next = runs.get(k);
                    if (previous.end() == null || next.start().isBefore(rolloutStart)) {
                        continue;
                    }
                    max = Math.max(
                            max, Duration.between(previous.end(), next.start()).toMillis());
                }
                worst.put(job, max);
            }
            return worst;
        } finally {
            replicas.forEach(ReplicaProcess::close);
        }
    }

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scalepoc.tokens", 2);
        for (String job : JOBS) {
            settings.put("scalepoc.jobs." + job + ".fixed-delay", FIXED_DELAY.toSeconds() + "s");
            settings.put("scalepoc.jobs." + job + ".initial-delay", "0s");
        }
        return settings;
    }

    private static JdbcTemplate jdbc(Cluster cluster) {
        return new JdbcTemplate(
                new DriverManagerDataSource(cluster.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD));
    }
}
