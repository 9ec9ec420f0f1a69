package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.scalepoc.ownership.FairShare;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fair balancing under load (docs/benchmarks.md), with production timing (lease 20 s, heartbeat 5
 * s, claim interval 10 s): twelve declarative jobs that each run half a second every {@code
 * FIXED_DELAY} on replicas of the packaged jar with X = 12 each, scaled 1 → 2 → 4 → 3 (the last
 * one SIGTERMed). Per step: time from the change (the new replica ready, or the SIGTERM) until every
 * replica owns its fair share, and the jobs moved by rebalancing against the fewest that could
 * reach it; over the whole run, each job's worst gap between the end of one run and the start of
 * the next, against the fixed delay. A benchmark: prints figures, asserts nothing.
 */
class RebalanceBenchmark {

    private static final int REPEAT = Integer.getInteger("bench.repeat", 3);
    private static final int TOKENS = 12;
    private static final Duration FIXED_DELAY = Duration.ofSeconds(10);
    private static final List<String> JOBS =
            IntStream.rangeClosed(1, 12).mapToObj(i -> "load-" + i).toList();

    @Test
    void measureHowFastAndHowCheaplyTheClusterRebalances() throws Exception {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, List<Long>> moves = new LinkedHashMap<>();
        List<Double> worstRatios = new ArrayList<>();
        List<Double> movedRatios = new ArrayList<>();
        for (int run = 0; run < REPEAT; run++) {
            Cluster cluster = Cluster.create();
            JdbcTemplate jdbc = cluster.migrate();
            List<ReplicaProcess> replicas = new ArrayList<>();
            try {
                replicas.add(ReplicaProcess.start("r1", cluster, settings()));
                awaitBalanced(replicas);
                LocalDateTime loaded = LocalDateTime.now();
                for (String step : List.of("1->2", "2->4", "4->3")) {
                    long movesBefore = rebalanceMoves(jdbc);
                    long started;
                    int minimum;
                    if (step.equals("4->3")) {
                        ReplicaProcess leaving = replicas.remove(replicas.size() - 1);
                        started = System.nanoTime();
                        leaving.terminate();
                        leaving.awaitExit(Duration.ofSeconds(60));
                        minimum = 0; // its jobs are released at shutdown; nothing else need move
                    } else {
                        int target = step.equals("1->2") ? 2 : 4;
                        Map<String, Integer> before = loads(replicas);
                        while (replicas.size() < target) {
                            replicas.add(ReplicaProcess.start("r" + (replicas.size() + 1), cluster, settings()));
                        }
                        started = System.nanoTime();
                        minimum = minimumMoves(before, replicas);
                    }
                    awaitBalanced(replicas);
                    double took = (System.nanoTime() - started) / 1e9;
                    long moved = rebalanceMoves(jdbc) - movesBefore;
                    seconds.computeIfAbsent(step, s -> new ArrayList<>()).add(took);
                    moves.computeIfAbsent(step, s -> new ArrayList<>()).add(moved);
                    System.out.printf(
                            "  run %d: %s balanced %s after %.1f s, %d jobs moved by rebalancing (fewest possible %d)%n",
                            run + 1, step, loads(replicas), took, moved, minimum);
                }
                LocalDateTime end = LocalDateTime.now();
                BatchMetadata metadata = new BatchMetadata(jdbc);
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> JOBS.stream().allMatch(job -> metadata.executions(job).stream()
                                .anyMatch(e -> e.start() != null && e.start().isAfter(end))));
                double[] gaps = worstGaps(metadata, loaded);
                double ratio = gaps[0] / FIXED_DELAY.toMillis();
                double movedRatio = gaps[1] / FIXED_DELAY.toMillis();
                worstRatios.add(ratio);
                movedRatios.add(movedRatio);
                System.out.printf(
                        "  run %d: worst gap per job / fixed delay during the moves %.3f (any run), %.3f (across a move)%n",
                        run + 1, ratio, movedRatio);
            } finally {
                replicas.forEach(ReplicaProcess::close);
            }
        }
        seconds.forEach((step, values) -> System.out.printf(
                "RESULT rebalance step=%s seconds_until_balanced=%s moves=%s%n",
                step, Stats.of(values).format("%.1f"), Stats.of(moves.get(step)).format("%.0f")));
        System.out.printf(
                "RESULT rebalance jobs=%d tokens=%d fixed_delay_s=%d worst_gap_over_fixed_delay=%s across_a_move=%s%n",
                JOBS.size(),
                TOKENS,
                FIXED_DELAY.toSeconds(),
                Stats.of(worstRatios).format("%.3f"),
                Stats.of(movedRatios).format("%.3f"));
    }

    /** Waits until every replica owns its fair share and every job has an owner. */
    private static void awaitBalanced(List<ReplicaProcess> replicas) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<String, Integer> loads = loads(replicas);
                    Map<String, Integer> tokens = new TreeMap<>();
                    loads.keySet().forEach(replica -> tokens.put(replica, TOKENS));
                    return loads.values().stream().mapToInt(Integer::intValue).sum() == JOBS.size()
                            && loads.equals(FairShare.targets(tokens, JOBS.size()));
                });
    }

    private static Map<String, Integer> loads(List<ReplicaProcess> replicas) {
        Map<String, Integer> loads = new TreeMap<>();
        replicas.forEach(
                replica -> loads.put(replica.instanceId(), replica.ownedJobs().size()));
        return loads;
    }

    /** The fewest moves from {@code before} to the fair shares of {@code replicas}: what is above them. */
    private static int minimumMoves(Map<String, Integer> before, List<ReplicaProcess> replicas) {
        Map<String, Integer> tokens = new TreeMap<>();
        replicas.forEach(replica -> tokens.put(replica.instanceId(), TOKENS));
        Map<String, Integer> targets = FairShare.targets(tokens, JOBS.size());
        return before.entrySet().stream()
                .mapToInt(entry -> Math.max(0, entry.getValue() - targets.get(entry.getKey())))
                .sum();
    }

    /**
     * The worst gap from {@code from} on, in ms, over every pair of consecutive runs ({@code [0]})
     * and over the pairs where the job changed owner ({@code [1]}); prints where each was.
     */
    private static double[] worstGaps(BatchMetadata metadata, LocalDateTime from) {
        double[] worst = new double[2];
        String[] where = {"", ""};
        for (String job : JOBS) {
            List<Execution> runs = new ArrayList<>(metadata.executions(job));
            runs.sort((a, b) -> a.start().compareTo(b.start()));
            for (int k = 1; k < runs.size(); k++) {
                Execution previous = runs.get(k - 1);
                Execution next = runs.get(k);
                if (previous.end() == null || next.start().isBefore(from)) {
                    continue;
                }
                double gap = Duration.between(previous.end(), next.start()).toMillis();
                for (int kind = 0; kind < 2; kind++) {
                    boolean counts = kind == 0 || !previous.owner().equals(next.owner());
                    if (counts && gap > worst[kind]) {
                        worst[kind] = gap;
                        where[kind] = String.format(
                                "%s: ended %s on %s (epoch %d), next started %s on %s (epoch %d)",
                                job,
                                previous.end().toLocalTime(),
                                previous.owner(),
                                previous.epoch(),
                                next.start().toLocalTime(),
                                next.owner(),
                                next.epoch());
                    }
                }
            }
        }
        System.out.printf(
                "  worst gap %.0f ms at %s; at a change of owner %.0f ms at %s%n",
                worst[0], where[0], worst[1], where[1]);
        return worst;
    }

    private static long rebalanceMoves(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM datasync.job_event WHERE type = 'RELEASED' AND detail LIKE 'rebalance%'",
                Long.class);
    }

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scalepoc.tokens", TOKENS);
        settings.put("spring.datasource.hikari.maximum-pool-size", TOKENS + 3); // every job may run at once
        settings.put("scalepoc.monitoring.global-monitors-enabled", false);
        for (String demoJob :
                List.of("customers-sync", "products-sync", "orders-sync", "payments-sync", "demo-generator")) {
            settings.put("scalepoc.jobs." + demoJob + ".enabled", false);
        }
        for (String job : JOBS) {
            settings.put("scalepoc.jobs." + job + ".type", "sql");
            settings.put("scalepoc.jobs." + job + ".sql.statements[0]", "SELECT pg_sleep(0.5)");
            settings.put("scalepoc.jobs." + job + ".fixed-delay", FIXED_DELAY.toSeconds() + "s");
            settings.put("scalepoc.jobs." + job + ".initial-delay", "0s");
        }
        return settings;
    }
}
