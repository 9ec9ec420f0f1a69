package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * ETL throughput (docs/benchmarks.md): rows per second of the customers table sync over {@code
 * ROWS} source rows, against the same PostgreSQL doing the same transform and upsert in one {@code
 * INSERT … SELECT … ON CONFLICT DO UPDATE} (the practical ceiling), for each chunk size in {@code
 * CHUNK_SIZES}, {@code REPEAT} times each on a fresh database. A benchmark: it prints figures and
 * asserts nothing. Run with {@code scripts/bench.sh etl} (not part of the test suite).
 */
class EtlThroughputBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    private static final int REPEAT = Integer.getInteger("bench.repeat", 3);
    private static final List<Integer> CHUNK_SIZES =
            List.of(System.getProperty("bench.chunk-sizes", "500,2000,5000").split(",")).stream()
                    .map(Integer::valueOf)
                    .toList();

    @Test
    void measureSyncThroughputAgainstInsertSelect() {
        System.out.printf("ETL throughput: %,d source rows (customers), %d runs per setting%n", ROWS, REPEAT);
        for (int chunkSize : CHUNK_SIZES) {
            List<Double> sync = new ArrayList<>();
            List<Double> ceiling = new ArrayList<>();
            for (int run = 0; run < REPEAT; run++) {
                double[] figures = once(chunkSize);
                sync.add(figures[0]);
                ceiling.add(figures[1]);
                System.out.printf(
                        "  chunk %5d run %d: sync %,.0f rows/s, INSERT…SELECT %,.0f rows/s, ratio %.2f%n",
                        chunkSize, run + 1, figures[0], figures[1], figures[0] / figures[1]);
            }
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < sync.size(); i++) {
                ratios.add(sync.get(i) / ceiling.get(i));
            }
            System.out.printf(
                    "RESULT etl chunk=%d sync_rows_per_s(min/median/max)=%s ceiling_rows_per_s=%s ratio=%s%n",
                    chunkSize,
                    Stats.of(sync).format("%,.0f"),
                    Stats.of(ceiling).format("%,.0f"),
                    Stats.of(ratios).format("%.2f"));
        }
    }

    /** @return {sync rows/s, INSERT…SELECT rows/s} */
    private static double[] once(int chunkSize) {
        Cluster cluster = Cluster.create();
        try (Replica replica = Replica.builder("etl", cluster)
                .tokens(1)
                .onlyJobs("1h", "customers-sync")
                .job("customers-sync", "initial-delay", "1h")
                .property("scalepoc.demo.chunk-size", chunkSize)
                .start()) {
            JdbcTemplate jdbc = replica.jdbc();
            jdbc.update(
                    "INSERT INTO source.customers (name, email, country) "
                            + "SELECT '  Customer   ' || g, ' C' || g || '@Example.COM', 'de' FROM generate_series(1, ?) g",
                    ROWS);
            jdbc.execute("VACUUM ANALYZE source.customers");

            Api.Response triggered = new Api(replica.port()).post("/api/jobs/customers-sync/trigger");
            if (triggered.status() != 202) {
                throw new IllegalStateException("trigger: " + triggered.body());
            }
            BatchMetadata metadata = new BatchMetadata(jdbc);
            await().atMost(Duration.ofMinutes(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> metadata.executions("customers-sync").stream()
                            .anyMatch(e -> e.status().equals("COMPLETED")));
            Execution run = metadata.executions("customers-sync").get(0);
            if (run.writeCount() != ROWS) {
                throw new IllegalStateException("synced " + run.writeCount() + " rows, expected " + ROWS);
            }
            double syncSeconds = Duration.between(run.start(), run.end()).toNanos() / 1e9;

            jdbc.execute("CREATE TABLE datasync.customers_ceiling (LIKE datasync.customers INCLUDING ALL)");
            long started = System.nanoTime();
            int inserted = jdbc.update(
                    """
                    INSERT INTO datasync.customers_ceiling (id, full_name, email, country, source_version)
                    SELECT id, regexp_replace(trim(name), '\\s+', ' ', 'g'), lower(trim(email)), upper(country), row_version
                      FROM source.customers
                    ON CONFLICT (id) DO UPDATE
                       SET full_name = excluded.full_name, email = excluded.email, country = excluded.country,
                           source_version = excluded.source_version, synced_at = now()
                    """);
            double ceilingSeconds = (System.nanoTime() - started) / 1e9;
            if (inserted != ROWS) {
                throw new IllegalStateException("INSERT…SELECT wrote " + inserted + " rows");
            }
            return new double[] {ROWS / syncSeconds, ROWS / ceilingSeconds};
        }
    }
}
