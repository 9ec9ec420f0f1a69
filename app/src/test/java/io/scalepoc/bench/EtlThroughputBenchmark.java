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
 * ROWS} source rows — the Java path (the demo's {@code customers-sync}: rows through the JVM) and
 * the same sync declared in configuration ({@code type: table-sync}: each chunk one statement inside
 * PostgreSQL) — against the same PostgreSQL doing the same transform and upsert in one {@code
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

    private static final String DECLARATIVE = "customers-declarative";

    @Test
    void measureSyncThroughputAgainstInsertSelect() {
        System.out.printf("ETL throughput: %,d source rows (customers), %d runs per setting%n", ROWS, REPEAT);
        for (int chunkSize : CHUNK_SIZES) {
            List<Double> sync = new ArrayList<>();
            List<Double> declarative = new ArrayList<>();
            List<Double> ceiling = new ArrayList<>();
            for (int run = 0; run < REPEAT; run++) {
                double[] figures = once(chunkSize);
                sync.add(figures[0]);
                declarative.add(figures[1]);
                ceiling.add(figures[2]);
                System.out.printf(
                        "  chunk %5d run %d: sync %,.0f rows/s (ratio %.2f), declarative %,.0f rows/s (ratio %.2f),"
                                + " INSERT…SELECT %,.0f rows/s%n",
                        chunkSize,
                        run + 1,
                        figures[0],
                        figures[0] / figures[2],
                        figures[1],
                        figures[1] / figures[2],
                        figures[2]);
            }
            List<Double> ratios = new ArrayList<>();
            List<Double> declarativeRatios = new ArrayList<>();
            for (int i = 0; i < sync.size(); i++) {
                ratios.add(sync.get(i) / ceiling.get(i));
                declarativeRatios.add(declarative.get(i) / ceiling.get(i));
            }
            System.out.printf(
                    "RESULT etl chunk=%d sync_rows_per_s(min/median/max)=%s ceiling_rows_per_s=%s ratio=%s"
                            + " declarative_rows_per_s=%s declarative_ratio=%s%n",
                    chunkSize,
                    Stats.of(sync).format("%,.0f"),
                    Stats.of(ceiling).format("%,.0f"),
                    Stats.of(ratios).format("%.2f"),
                    Stats.of(declarative).format("%,.0f"),
                    Stats.of(declarativeRatios).format("%.2f"));
        }
    }

    /** @return {Java sync rows/s, declarative sync rows/s, INSERT…SELECT rows/s} */
    private static double[] once(int chunkSize) {
        Cluster cluster = Cluster.create();
        JdbcTemplate jdbc = cluster.migrate();
        jdbc.execute("CREATE TABLE datasync.customers_declarative (LIKE datasync.customers INCLUDING ALL)");
        jdbc.update(
                "INSERT INTO source.customers (name, email, country) "
                        + "SELECT '  Customer   ' || g, ' C' || g || '@Example.COM', 'de' FROM generate_series(1, ?) g",
                ROWS);
        jdbc.execute("VACUUM ANALYZE source.customers");
        try (Replica replica = Replica.builder("etl", cluster)
                .tokens(2)
                .onlyJobs("1h", "customers-sync")
                .job("customers-sync", "initial-delay", "1h")
                .property("scalepoc.demo.chunk-size", chunkSize)
                .job(DECLARATIVE, "fixed-delay", "1h")
                .job(DECLARATIVE, "initial-delay", "1h")
                .job(DECLARATIVE, "type", "table-sync")
                .job(DECLARATIVE, "table-sync.source", "source.customers")
                .job(DECLARATIVE, "table-sync.target", "datasync.customers_declarative")
                .job(DECLARATIVE, "table-sync.key", "id")
                .job(DECLARATIVE, "table-sync.columns.id", "id")
                .job(DECLARATIVE, "table-sync.columns.full_name", "regexp_replace(trim(name), '\\s+', ' ', 'g')")
                .job(DECLARATIVE, "table-sync.columns.email", "lower(trim(email))")
                .job(DECLARATIVE, "table-sync.columns.country", "upper(country)")
                .job(DECLARATIVE, "table-sync.chunk-size", chunkSize)
                .start()) {
            double syncSeconds = runOnce(replica, "customers-sync");
            double declarativeSeconds = runOnce(replica, DECLARATIVE);

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
            return new double[] {ROWS / syncSeconds, ROWS / declarativeSeconds, ROWS / ceilingSeconds};
        }
    }

    /** Triggers {@code job} and waits for it: its execution's start to end, in seconds. */
    private static double runOnce(Replica replica, String job) {
        Api.Response triggered = new Api(replica.port()).post("/api/jobs/" + job + "/trigger");
        if (triggered.status() != 202) {
            throw new IllegalStateException("trigger: " + triggered.body());
        }
        BatchMetadata metadata = new BatchMetadata(replica.jdbc());
        await().atMost(Duration.ofMinutes(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> metadata.executions(job).stream()
                        .anyMatch(e -> e.status().equals("COMPLETED")));
        Execution run = metadata.executions(job).get(0);
        if (run.writeCount() != ROWS) {
            throw new IllegalStateException(job + " synced " + run.writeCount() + " rows, expected " + ROWS);
        }
        return Duration.between(run.start(), run.end()).toNanos() / 1e9;
    }
}
