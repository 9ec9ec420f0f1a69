package io.scalepoc.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestDynamoDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB requests in steady state (docs/benchmarks.md): three replicas with the production
 * timing (lease 20 s, heartbeat 5 s, claim interval 10 s, monitors every 10 s and 60 s) own {@code
 * bench.jobs} empty jobs; every DynamoDB request is counted by the SDK interceptor behind {@code
 * scalepoc_dynamodb_requests_total} on each replica over a {@code bench.window-seconds} window, and
 * turned into requests per job-hour and a monthly on-demand cost for 1,000 jobs. A benchmark:
 * prints figures, asserts nothing.
 */
class DynamoDbCostBenchmark {

    private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("bench.window-seconds", 180));
    /** On-demand prices, us-east-1, since the November 2024 price change: per million request units. */
    private static final double WRITE_PRICE_PER_MILLION = 0.625;

    private static final double READ_PRICE_PER_MILLION = 0.125;
    private static final double HOURS_PER_MONTH = 730;

    @Test
    void measureRequestsPerJobHourInSteadyState() throws InterruptedException {
        Cluster cluster = Cluster.create();
        List<Replica> replicas = EmptyJobs.startProductionTiming(cluster, List.of("cost-a", "cost-b", "cost-c"), "10s");
        try {
            List<MeterRegistry> registries =
                    replicas.stream().map(r -> r.bean(MeterRegistry.class)).toList();
            Map<String, Double> before = RequestCounts.byOperation(registries);
            Thread.sleep(WINDOW.toMillis()); // the measurement window, not a wait for an outcome
            Map<String, Double> after = RequestCounts.byOperation(registries);

            double jobHours = EmptyJobs.COUNT * WINDOW.toSeconds() / 3600.0;
            Map<String, Double> perJobHour = new TreeMap<>();
            RequestCounts.difference(before, after)
                    .forEach((operation, count) -> perJobHour.put(operation, count / jobHours));
            long tableBytes = tableBytes(cluster.tableName());
            double scanUnits = Math.max(1, Math.ceil(tableBytes / 4096.0));
            System.out.printf(
                    "RESULT cost jobs=%d replicas=3 window=%ds leases=%d table_bytes=%d%n",
                    EmptyJobs.COUNT, WINDOW.toSeconds(), EmptyJobs.COUNT + 2 + 3, tableBytes);
            perJobHour.forEach((operation, rate) ->
                    System.out.printf("RESULT cost requests_per_job_hour %s=%.1f%n", operation, rate));

            // request units per job-hour: items are far below 1 KB (writes) and 4 KB (reads); a consistent
            // scan reads the whole table, scaled here to 1,000 jobs in proportion to its items
            double writes = perJobHour.getOrDefault("UpdateItem", 0.0)
                    + perJobHour.getOrDefault("PutItem", 0.0)
                    + perJobHour.getOrDefault("DeleteItem", 0.0);
            double reads = perJobHour.getOrDefault("GetItem", 0.0);
            double scansPerHour = perJobHour.getOrDefault("Scan", 0.0) * EmptyJobs.COUNT;
            int jobs = 1000;
            double scanUnitsAt1000 = scanUnits * jobs / EmptyJobs.COUNT;
            double monthlyWrites = writes * jobs * HOURS_PER_MONTH;
            double monthlyReads = reads * jobs * HOURS_PER_MONTH + scansPerHour * scanUnitsAt1000 * HOURS_PER_MONTH;
            System.out.printf(
                    "RESULT cost monthly_1000_jobs write_units=%.0fM read_units=%.0fM usd=%.0f (writes $%.0f + reads $%.0f at $%.3f/M WRU, $%.3f/M RRU)%n",
                    monthlyWrites / 1e6,
                    monthlyReads / 1e6,
                    (monthlyWrites * WRITE_PRICE_PER_MILLION + monthlyReads * READ_PRICE_PER_MILLION) / 1e6,
                    monthlyWrites * WRITE_PRICE_PER_MILLION / 1e6,
                    monthlyReads * READ_PRICE_PER_MILLION / 1e6,
                    WRITE_PRICE_PER_MILLION,
                    READ_PRICE_PER_MILLION);
        } finally {
            replicas.forEach(Replica::close);
        }
    }

    /** Approximate stored size of the lock table: attribute names and values of every item. */
    private static long tableBytes(String tableName) {
        long bytes = 0;
        for (Map<String, AttributeValue> item : TestDynamoDb.client()
                .scanPaginator(request -> request.tableName(tableName))
                .items()) {
            for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
                AttributeValue value = attribute.getValue();
                bytes += attribute.getKey().length()
                        + (value.s() != null
                                ? value.s().length()
                                : value.n() != null ? value.n().length() : 8);
            }
        }
        return bytes;
    }
}
