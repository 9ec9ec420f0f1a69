package io.scalepoc.testsupport;

import io.scalepoc.demo.DemoTransforms;
import io.scalepoc.etl.TableSyncDefinition;
import io.scalepoc.etl.TableSyncJobFactory;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * A customers sync whose transform costs 20 ms a row ({@code scalepoc.test.row-cost}), in chunks of
 * 10: an execution long enough (a few seconds for a few hundred rows) to be interrupted mid-run by a
 * test. Not a
 * {@code @Configuration}, so component scanning leaves it out of replicas that did not ask for it
 * ({@link Replica.Builder#withConfiguration}).
 */
public class SlowCustomersSync {

    public static final String JOB = "slow-customers-sync";
    private static final List<String> DEMO_SYNCS =
            List.of("customers-sync", "products-sync", "orders-sync", "payments-sync");

    /**
     * Settings of a child-JVM replica ({@link ReplicaProcess#startWith}) that runs only this job,
     * every second, with one token, the given lease, a 1 s heartbeat and claim interval; plus {@code extra}.
     */
    public static java.util.Map<String, Object> onlyThisJob(
            java.time.Duration lease, java.util.Map<String, Object> extra) {
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("scalepoc.tokens", 1);
        settings.put("scalepoc.ownership.lease-duration", lease);
        settings.put("scalepoc.ownership.heartbeat-period", "1s");
        settings.put("scalepoc.ownership.claim-interval", "1s");
        // the scenarios built on this job need one designated owner: no fair balancing moves it away
        settings.put("scalepoc.ownership.balance", "fill");
        settings.put("spring.profiles.active", "demo");
        DEMO_SYNCS.forEach(job -> settings.put("scalepoc.jobs." + job + ".enabled", false));
        settings.put("scalepoc.jobs." + JOB + ".fixed-delay", "1s");
        settings.putAll(extra);
        return settings;
    }

    /** An in-JVM replica that runs only this job, every second, with one token and the given lease. */
    public static Replica.Builder peer(String instanceId, Replica.Cluster cluster, java.time.Duration lease) {
        return Replica.builder(instanceId, cluster)
                .tokens(1)
                .property("scalepoc.ownership.lease-duration", lease)
                .property("scalepoc.ownership.balance", "fill")
                .withConfiguration(SlowCustomersSync.class)
                .onlyJobs("1s")
                .job(JOB, "fixed-delay", "1s");
    }

    @Bean(JOB)
    Job slowCustomersSync(
            TableSyncJobFactory factory,
            @Value("${scalepoc.test.row-cost:20ms}") java.time.Duration rowCost,
            @Value("${scalepoc.test.activity-log:false}") boolean activityLog,
            @Value("${scalepoc.instance-id}") String instanceId,
            org.springframework.core.env.Environment environment) {
        RowActivity activity = activityLog ? new RowActivity(environment, instanceId) : null;
        // parkNanos stands for real per-row work
        return customersSync(factory, JOB, 10, row -> {
            if (activity != null) {
                activity.record();
            }
            LockSupport.parkNanos(rowCost.toNanos());
        });
    }

    /**
     * Each row's transform records which replica worked when, on PostgreSQL's clock, in {@link
     * #ACTIVITY_TABLE} over a connection of its own (outside the chunk transaction, so a rolled
     * back chunk keeps its record): the ground truth of when a replica really ran the job, which
     * the metadata of a superseded execution does not tell.
     */
    static final class RowActivity {

        private final org.springframework.jdbc.core.JdbcTemplate jdbc;
        private final String instanceId;

        RowActivity(org.springframework.core.env.Environment environment, String instanceId) {
            this.jdbc = new org.springframework.jdbc.core.JdbcTemplate(
                    new org.springframework.jdbc.datasource.DriverManagerDataSource(
                            environment.getRequiredProperty("spring.datasource.url"),
                            environment.getRequiredProperty("spring.datasource.username"),
                            environment.getRequiredProperty("spring.datasource.password")));
            this.instanceId = instanceId;
        }

        void record() {
            jdbc.update("INSERT INTO " + ACTIVITY_TABLE + " (replica, at) VALUES (?, clock_timestamp())", instanceId);
        }
    }

    /** Where {@code scalepoc.test.activity-log=true} records each row's work. */
    public static final String ACTIVITY_TABLE = "public.row_activity";

    /** Creates {@link #ACTIVITY_TABLE}. */
    public static void createActivityTable(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        jdbc.execute(
                "CREATE TABLE IF NOT EXISTS " + ACTIVITY_TABLE + " (replica text NOT NULL, at timestamptz NOT NULL)");
    }

    /**
     * Pairs of rows worked by two different replicas whose working spans interleave: a row of one
     * replica between two rows of the other, both within one second of each other. Zero when the
     * job never ran on two replicas at once.
     */
    public static long interleavedActivity(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM " + ACTIVITY_TABLE + " a JOIN " + ACTIVITY_TABLE + " b"
                        + " ON a.replica <> b.replica AND b.at > a.at"
                        + " WHERE EXISTS (SELECT 1 FROM " + ACTIVITY_TABLE + " c"
                        + "   WHERE c.replica = a.replica AND c.at > b.at AND c.at - a.at < interval '3 seconds')",
                Long.class);
        return count == null ? 0 : count;
    }

    /**
     * A variant of the demo customers sync (same tables and transform) named {@code job}, with
     * {@code beforeEachRow} run before each row's transform: to slow it down, or to make it fail.
     */
    public static Job customersSync(
            TableSyncJobFactory factory,
            String job,
            int chunkSize,
            java.util.function.Consumer<java.util.Map<String, Object>> beforeEachRow) {
        return factory.create(new TableSyncDefinition(
                job,
                "source.customers",
                List.of("id", "name", "email", "country"),
                "datasync.customers",
                "id",
                List.of("id", "full_name", "email", "country"),
                row -> {
                    beforeEachRow.accept(row);
                    return DemoTransforms.customer(row);
                },
                chunkSize));
    }
}
