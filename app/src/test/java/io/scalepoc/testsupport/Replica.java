package io.scalepoc.testsupport;

import io.scalepoc.ScalePocApplication;
import io.scalepoc.actuator.OwnershipEndpoint;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.support.jdbc.ScalePocMigrations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One replica: a whole {@link ScalePocApplication} in its own Spring context (own web server on a
 * random port, own connection pool, own lock client), sharing PostgreSQL and DynamoDB Local with the
 * other replicas of a test. Properties are passed as command-line arguments, so they override
 * application.yml exactly as they would for a real deployment.
 */
public final class Replica implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private Replica(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static Builder builder(String instanceId, Cluster cluster) {
        return new Builder(instanceId, cluster);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    public JobOwnership ownership() {
        return bean(JobOwnership.class);
    }

    public Set<String> ownedJobs() {
        Set<String> names = new TreeSet<>();
        ownership().ownedJobs().stream().map(OwnedJob::name).forEach(names::add);
        return names;
    }

    public String instanceId() {
        return ownership().instanceId();
    }

    public JobOperator jobOperator() {
        return bean(JobOperator.class);
    }

    public JdbcTemplate jdbc() {
        return bean(JdbcTemplate.class);
    }

    public OwnershipEndpoint.OwnershipReport ownershipReport() {
        return bean(OwnershipEndpoint.class).ownership();
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    public boolean isRunning() {
        return context.isActive();
    }

    /** Closes the context the way SIGTERM does (the same shutdown hook work, in the same order). */
    @Override
    public void close() {
        context.close();
    }

    /**
     * The settings that run the global monitors {@code monitor-1} and {@code monitor-2} with these
     * fixed delays, for in-process and child-JVM replicas alike.
     */
    public static Map<String, Object> globalMonitors(String monitor1, String monitor2) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scalepoc.monitoring.global-monitors-enabled", true);
        settings.put("scalepoc.monitoring.global-monitors.monitor-1", monitor1);
        settings.put("scalepoc.monitoring.global-monitors.monitor-2", monitor2);
        return settings;
    }

    /** What the replicas of one test share: the database and the lock table. */
    public record Cluster(String jdbcUrl, String tableName) {

        public static Cluster create() {
            return new Cluster(TestPostgres.createDatabase(), TestDynamoDb.newTableName());
        }

        /**
         * Migrates this cluster's database as a replica's Flyway would (same schemas and scripts), for
         * tests that need their own tables in place before the first replica starts.
         */
        public JdbcTemplate migrate() {
            ScalePocMigrations.configure(new DriverManagerDataSource(jdbcUrl, TestPostgres.USER, TestPostgres.PASSWORD))
                    .load()
                    .migrate();
            return jdbc();
        }

        /** A template over this cluster's database, for tests whose replicas are all child JVMs. */
        public JdbcTemplate jdbc() {
            return new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, TestPostgres.USER, TestPostgres.PASSWORD));
        }

        /** Spring properties of a replica's connection pool to this cluster's database, of {@code poolSize}. */
        public Map<String, Object> dataSource(int poolSize) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("spring.datasource.url", jdbcUrl);
            settings.put("spring.datasource.username", TestPostgres.USER);
            settings.put("spring.datasource.password", TestPostgres.PASSWORD);
            settings.put("spring.datasource.hikari.maximum-pool-size", poolSize);
            return settings;
        }
    }

    public static final class Builder {

        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<Class<?>> sources = new ArrayList<>(List.of(ScalePocApplication.class));

        private Builder(String instanceId, Cluster cluster) {
            properties.put("scalepoc.instance-id", instanceId);
            cluster.dataSource(10).forEach((name, value) -> properties.put(name, String.valueOf(value)));
            properties.put("scalepoc.dynamodb.endpoint", TestDynamoDb.endpoint());
            properties.put("scalepoc.dynamodb.table-name", cluster.tableName());
            properties.put("scalepoc.dynamodb.create-table", "true");
            properties.put("server.port", "0");
            properties.put("spring.profiles.active", "demo");
            // Short leases so that tests of expiry take seconds, not minutes.
            properties.put("scalepoc.ownership.lease-duration", "6s");
            properties.put("scalepoc.ownership.heartbeat-period", "1s");
            properties.put("scalepoc.ownership.claim-interval", "1s");
            properties.put("scalepoc.shutdown.drain-timeout", "10s");
            properties.put("scalepoc.jobs.demo-generator.enabled", "false");
            // Tests of ownership and failover count the jobs a replica owns; monitoring tests turn
            // the global monitors on (withGlobalMonitors).
            properties.put("scalepoc.monitoring.global-monitors-enabled", "false");
            // Alerts resolve at the first check that no longer finds their condition; tests of the
            // quiet period set their own.
            properties.put("scalepoc.monitoring.resolve-quiet-period", "0s");
        }

        /** Runs the global monitors {@code monitor-1} and {@code monitor-2} with these fixed delays. */
        public Builder withGlobalMonitors(String monitor1, String monitor2) {
            return properties(globalMonitors(monitor1, monitor2));
        }

        /** Sets every one of {@code settings} (as a child JVM replica would get them). */
        public Builder properties(Map<String, ?> settings) {
            settings.forEach(this::property);
            return this;
        }

        public Builder property(String name, Object value) {
            properties.put(name, String.valueOf(value));
            return this;
        }

        public Builder tokens(int tokens) {
            return property("scalepoc.tokens", tokens);
        }

        /** Sets {@code scalepoc.jobs.<job>.<name>}. */
        public Builder job(String job, String name, Object value) {
            return property("scalepoc.jobs." + job + "." + name, value);
        }

        /** Only these catalog jobs are enabled, each with the given fixed delay and no initial delay. */
        public Builder onlyJobs(String fixedDelay, String... jobs) {
            for (String demoJob :
                    List.of("customers-sync", "products-sync", "orders-sync", "payments-sync", "demo-generator")) {
                job(demoJob, "enabled", false);
            }
            for (String job : jobs) {
                job(job, "enabled", true).job(job, "fixed-delay", fixedDelay).job(job, "initial-delay", "0s");
            }
            return this;
        }

        public Builder withConfiguration(Class<?> configuration) {
            sources.add(configuration);
            return this;
        }

        public Replica start() {
            String[] args = properties.entrySet().stream()
                    .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                    .toArray(String[]::new);
            return new Replica(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run(args));
        }
    }
}
